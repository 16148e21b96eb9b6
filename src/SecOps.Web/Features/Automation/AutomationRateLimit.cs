namespace SecOps.Web.Features.Automation;

/// <summary>
/// At most <see cref="AutomationRule.MaxFirings"/> firings of a rule in any <see cref="AutomationRule.Per"/> (a sliding
/// window on the app's clock), so an alert storm cannot become a mail or chat storm.
/// </summary>
public sealed class AutomationRateLimit(TimeProvider time)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _firings = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes a firing for the rule if its window has room; false when it is over its limit.</summary>
    public bool TryTake(AutomationRule rule)
    {
        var now = time.GetUtcNow();
        lock (_firings)
        {
            if (!_firings.TryGetValue(rule.Name, out var window))
            {
                _firings[rule.Name] = window = new Queue<DateTimeOffset>();
            }
            while (window.Count > 0 && window.Peek() <= now - rule.Per)
            {
                window.Dequeue();
            }
            if (window.Count >= rule.MaxFirings)
            {
                return false;
            }
            window.Enqueue(now);
            return true;
        }
    }
}
