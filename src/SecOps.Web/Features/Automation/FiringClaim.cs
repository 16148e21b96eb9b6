namespace SecOps.Web.Features.Automation;

/// <summary>What a claim of a rule's firing on an alert or incident came to.</summary>
public enum FiringClaim
{
    /// <summary>This caller acts.</summary>
    Claimed,

    /// <summary>Another instance (or this one before a restart) claimed the pair: nothing to do.</summary>
    ClaimedBefore,

    /// <summary>This caller claimed the pair while the rule was at its limit: it records the skip and does not act.</summary>
    OverLimit,

    /// <summary>
    /// As <see cref="OverLimit"/>, and the first such claim since the rule last fired (of any instance): this caller
    /// audits the run of refusals, once for every instance.
    /// </summary>
    OverLimitFirst,
}
