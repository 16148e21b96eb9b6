using System.Globalization;
using System.Text;
using System.Text.Json;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// One canonical text per parsed query, so queries that mean the same tree share a key (for shared aggregates), whatever
/// spacing or quoting the user typed. Values are JSON-quoted, so no value can pass for structure.
/// </summary>
public static class AlertQueryKey
{
    public static string Of(AlertQuery query)
    {
        var text = new StringBuilder();
        Write(text, query.Root);
        return text.ToString();
    }

    private static void Write(StringBuilder text, QueryNode? node)
    {
        switch (node)
        {
            case null:
                text.Append('*');
                break;
            case TextNode t:
                text.Append("text(").Append(JsonSerializer.Serialize(t.Text)).Append(')');
                break;
            case FieldNode f:
                text.Append(f.Field.ToString()).Append('=').Append(JsonSerializer.Serialize(f.Value));
                break;
            case RangeNode r:
                text.Append(r.Field.ToString()).Append(' ').Append(r.Operator.ToString()).Append(' ').Append(JsonSerializer.Serialize(r.Value));
                break;
            case PrefixNode p:
                text.Append(p.Field.ToString()).Append(" prefix ").Append(JsonSerializer.Serialize(p.Prefix));
                break;
            case IpRangeNode ip:
                text.Append(ip.Field.ToString()).Append(" ip ").Append(IpKey.Format(ip.First)).Append('-').Append(IpKey.Format(ip.Last));
                break;
            case AssigneeIdNode person:
                text.Append("assignee-id=").Append(JsonSerializer.Serialize(person.PersonId));
                break;
            case AssigneeMeNode:
                // Never shared: each person's "me" is someone else.
                throw new ArgumentException("assignee:me must be resolved to a person before it is keyed.", nameof(node));
            case AndNode and:
                List(text, "and", and.Items);
                break;
            case OrNode or:
                List(text, "or", or.Items);
                break;
            case NotNode not:
                text.Append("not(");
                Write(text, not.Item);
                text.Append(')');
                break;
            default:
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Unknown query node {node.GetType().Name}."), nameof(node));
        }
    }

    private static void List(StringBuilder text, string name, IReadOnlyList<QueryNode> items)
    {
        text.Append(name).Append('(');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            Write(text, items[i]);
        }
        text.Append(')');
    }
}
