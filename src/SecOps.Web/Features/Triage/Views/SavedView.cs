namespace SecOps.Web.Features.Triage.Views;

/// <summary>A named board query, the owner's own or shared with everyone who can read alerts.</summary>
public sealed class SavedView
{
    public int Id { get; set; }
    public required string OwnerId { get; set; }
    public required string OwnerName { get; set; }
    public required string Name { get; set; }
    public required string Query { get; set; }
    public bool Shared { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A per-user setting, such as the board's columns.</summary>
public sealed class UserSetting
{
    public required string UserId { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
}
