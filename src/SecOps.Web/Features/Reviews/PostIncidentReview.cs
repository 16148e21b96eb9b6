namespace SecOps.Web.Features.Reviews;

/// <summary>
/// An incident's post-incident review: what caused it, what went well, what did not, and the follow-up actions with
/// their owners. One per incident, edited on the version it was read at; a high or critical incident cannot be closed
/// until its root cause and both lessons are written (<see cref="PostIncidentReviews.IsComplete"/>).
/// </summary>
public sealed class PostIncidentReview
{
    public long IncidentId { get; set; }
    public string RootCause { get; set; } = "";
    public string WentWell { get; set; } = "";
    public string WentBadly { get; set; } = "";
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedById { get; set; }
    public required string UpdatedByName { get; set; }
}

/// <summary>A follow-up action of a review: what is to be done, by whom (an account), by when, and whether it is done.</summary>
public sealed class ReviewFollowUp
{
    public long Id { get; set; }
    public long IncidentId { get; set; }

    /// <summary>The order the reviewers listed it in.</summary>
    public int Position { get; set; }

    public required string Action { get; set; }
    public required string OwnerId { get; set; }
    public required string OwnerName { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public bool Done { get; set; }
}
