using System.Globalization;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// How an outbound request went: the final response's status and the start of its body, or why there was none
/// (<see cref="Refused"/> when SecOps would not send it or would not connect, otherwise a failure such as a timeout).
/// </summary>
public sealed record OutboundResult(int? Status, string? Reason, string Body, bool Refused, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static OutboundResult Refusal(string why) => new(null, null, "", true, why);

    public static OutboundResult Failure(string why) => new(null, null, "", false, why);

    /// <summary>For timelines and audit records: "200 OK", "refused: …" or "failed: …".</summary>
    public string Summary => Status is { } status
        ? (status.ToString(CultureInfo.InvariantCulture) + " " + Reason).Trim()
        : (Refused ? "refused: " : "failed: ") + Error;
}
