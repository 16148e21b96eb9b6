namespace SecOps.Web.Features.Teams;

/// <summary>A group of people incidents belong to (for example "CSIRT" or "HR investigations"); administrators manage them.</summary>
public sealed class Team
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A person in a team.</summary>
public sealed class TeamMember
{
    public int TeamId { get; set; }
    public required string UserId { get; set; }
}
