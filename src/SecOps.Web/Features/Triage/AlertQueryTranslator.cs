using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Turns a parsed query into an EF Core predicate. Every value enters the expression as a captured member
/// (<see cref="Box{T}"/>), which EF sends as a SQL parameter: no user text ever becomes SQL.
/// </summary>
public static class AlertQueryTranslator
{
    private static readonly ParameterExpression Alert = Expression.Parameter(typeof(Alert), "a");
    private static readonly MethodInfo LikeMethod = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
    private static readonly Expression Functions = Expression.Constant(EF.Functions);

    private sealed record Box<T>(T Value);

    /// <summary>The alerts a board shows for the query: suppressed alerts are stored and counted, never queued.</summary>
    public static IQueryable<Alert> Apply(IQueryable<Alert> alerts, AlertQuery query, TimeProvider time)
    {
        alerts = alerts.Where(a => a.SuppressedBy == null);
        return query.Root is null ? alerts : alerts.Where(Expression.Lambda<Func<Alert, bool>>(Translate(query.Root, time), Alert));
    }

    private static Expression Translate(QueryNode node, TimeProvider time) => node switch
    {
        TextNode text => AnyOf(TextColumns.Select(column => Like(column, Contains(text.Text)))),
        FieldNode field => Field(field, time),
        RangeNode range => Range(range, time),
        PrefixNode prefix => Prefix(KeywordColumn(prefix.Field), prefix.Prefix),
        IpRangeNode ip => Between(ip.Field == AlertField.DestinationIp ? nameof(Alerts.Alert.DestinationIpKey) : nameof(Alerts.Alert.SourceIpKey),
            IpKey.Format(ip.First), IpKey.Format(ip.Last)),
        AssigneeIdNode person => Equal(nameof(Alerts.Alert.AssigneeId), (string?)person.PersonId),
        AssigneeMeNode => throw new InvalidOperationException("assignee:me must be resolved to a person (AlertQueryPeople.Resolve) before the store is asked."),
        AndNode and => and.Items.Select(i => Translate(i, time)).Aggregate(Expression.AndAlso),
        OrNode or => AnyOf(or.Items.Select(i => Translate(i, time))),
        NotNode not => Expression.Not(Translate(not.Item, time)),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static readonly string[] TextColumns =
        [nameof(Alerts.Alert.RuleName), nameof(Alerts.Alert.Reason), nameof(Alerts.Alert.HostName), nameof(Alerts.Alert.UserName), nameof(Alerts.Alert.SourceIp)];

    private static Expression Field(FieldNode node, TimeProvider time)
    {
        var value = node.Value;
        return node.Field switch
        {
            AlertField.Severity => Equal(nameof(Alerts.Alert.Severity), AlertVocabulary.TryParseSeverity(value, out var s) ? s : default),
            AlertField.Status => Equal(nameof(Alerts.Alert.Status), AlertVocabulary.TryParseStatus(value, out var st) ? st : default),
            AlertField.Host => Equal(nameof(Alerts.Alert.HostName), (string?)value),
            AlertField.User => Equal(nameof(Alerts.Alert.UserName), (string?)value),
            AlertField.SourceIp => Equal(nameof(Alerts.Alert.SourceIp), (string?)value),
            AlertField.DestinationIp => Equal(nameof(Alerts.Alert.DestinationIp), (string?)value),
            AlertField.Rule => Like(nameof(Alerts.Alert.RuleName), Contains(value)),
            AlertField.RuleId => Equal(nameof(Alerts.Alert.RuleId), (string?)value),
            AlertField.Tactic => Like(nameof(Alerts.Alert.MitreTactic), Contains(value)),
            AlertField.Technique => Like(nameof(Alerts.Alert.MitreTechnique), Contains(value)),
            AlertField.Assignee => Equal(nameof(Alerts.Alert.AssigneeName), (string?)value),
            AlertField.Category => Equal(nameof(Alerts.Alert.EventCategory), (string?)value),
            AlertField.Action => Equal(nameof(Alerts.Alert.EventAction), (string?)value),
            AlertField.Fingerprint => Equal(nameof(Alerts.Alert.Fingerprint), value),
            AlertField.RiskScore or AlertField.Timestamp => Range(new RangeNode(node.Field, RangeOperator.GreaterOrEqual, value), time)
                is var lower && Range(new RangeNode(node.Field, RangeOperator.LessOrEqual, value), time) is var upper
                ? Expression.AndAlso(lower, upper) : throw new InvalidOperationException(),
            _ => throw new ArgumentOutOfRangeException(nameof(node)),
        };
    }

    private static Expression Range(RangeNode node, TimeProvider time)
    {
        var (column, comparand) = node.Field switch
        {
            AlertField.RiskScore => ((Expression)Column(nameof(Alerts.Alert.RiskScore)),
                Value<double?>(AlertFields.TryNumber(node.Value, out var n) ? n : 0)),
            AlertField.Timestamp => (Column(nameof(Alerts.Alert.AlertTime)),
                Value(AlertFields.TryTime(node.Value, time, out var at) ? at : default)),
            AlertField.Severity => (Expression.Convert(Column(nameof(Alerts.Alert.Severity)), typeof(int)),
                Value(AlertVocabulary.TryParseSeverity(node.Value, out var s) ? (int)s : 0)),
            _ => throw new ArgumentOutOfRangeException(nameof(node)),
        };
        return node.Operator switch
        {
            RangeOperator.GreaterThan => Expression.GreaterThan(column, comparand),
            RangeOperator.GreaterOrEqual => Expression.GreaterThanOrEqual(column, comparand),
            RangeOperator.LessThan => Expression.LessThan(column, comparand),
            _ => Expression.LessThanOrEqual(column, comparand),
        };
    }

    private static string KeywordColumn(AlertField field) => field switch
    {
        AlertField.Host => nameof(Alerts.Alert.HostName),
        AlertField.User => nameof(Alerts.Alert.UserName),
        AlertField.RuleId => nameof(Alerts.Alert.RuleId),
        AlertField.Assignee => nameof(Alerts.Alert.AssigneeName),
        AlertField.Category => nameof(Alerts.Alert.EventCategory),
        AlertField.Action => nameof(Alerts.Alert.EventAction),
        AlertField.Fingerprint => nameof(Alerts.Alert.Fingerprint),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>
    /// Starts with <paramref name="prefix"/>, as a range from the prefix up to <see cref="AlertQueryTerms.UpperBound"/>:
    /// an index range scan (a LIKE with an escape character is not), exact in SQLite's binary order, and case-sensitive
    /// like <c>field:value</c>. A missing value is never in it (so NOT takes it, as in the live matcher).
    /// </summary>
    private static Expression Prefix(string property, string prefix)
    {
        var column = Column(property);
        Expression test = Expression.NotEqual(column, Expression.Constant(null, typeof(string)));
        if (prefix.Length > 0)
        {
            test = Expression.AndAlso(test, Compare(column, prefix, ExpressionType.GreaterThanOrEqual));
        }
        if (AlertQueryTerms.UpperBound(prefix) is { } upper)
        {
            test = Expression.AndAlso(test, Compare(column, upper, ExpressionType.LessThan));
        }
        return test;
    }

    /// <summary>A key column from <paramref name="first"/> to <paramref name="last"/>, both included; null and "" (not an address) are below every key.</summary>
    private static Expression Between(string property, string first, string last)
    {
        var column = Column(property);
        return Expression.AndAlso(Expression.NotEqual(column, Expression.Constant(null, typeof(string))),
            Expression.AndAlso(Compare(column, first, ExpressionType.GreaterThanOrEqual), Compare(column, last, ExpressionType.LessThanOrEqual)));
    }

    private static readonly MethodInfo CompareMethod = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    /// <summary><c>string.Compare(column, value) op 0</c>, which EF sends as <c>column op @value</c>.</summary>
    private static Expression Compare(Expression column, string value, ExpressionType op) =>
        Expression.MakeBinary(op, Expression.Call(CompareMethod, column, Value(value)), Expression.Constant(0));

    private static MemberExpression Column(string property) => Expression.Property(Alert, property);

    private static Expression Value<T>(T value) => Expression.Property(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    private static Expression Equal<T>(string property, T value) => Expression.Equal(Column(property), Value(value));

    // Case-insensitive like the live matcher on every provider: SQLite's LIKE ignores ASCII case, PostgreSQL's does not,
    // so both sides are lower-cased (a contains-pattern uses no index either way).
    private static Expression Like(string property, string pattern) =>
        Expression.Call(LikeMethod, Functions, Expression.Call(Column(property), ToLowerMethod), Value(pattern.ToLowerInvariant()), Expression.Constant("\\"));

    private static readonly MethodInfo ToLowerMethod = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;

    private static Expression AnyOf(IEnumerable<Expression> expressions) => expressions.Aggregate(Expression.OrElse);

    /// <summary>A LIKE pattern for "contains", with the pattern's own wildcards escaped.</summary>
    public static string Contains(string text)
    {
        var pattern = new StringBuilder(text.Length + 2).Append('%');
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                pattern.Append('\\');
            }
            pattern.Append(c);
        }
        return pattern.Append('%').ToString();
    }
}
