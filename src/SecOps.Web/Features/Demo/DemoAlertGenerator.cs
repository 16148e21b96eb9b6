using System.Text.Json.Nodes;

namespace SecOps.Web.Features.Demo;

/// <summary>Builds Elastic Security style alert documents from the demo scenarios, with recurring entities.</summary>
public sealed class DemoAlertGenerator(Random random)
{
    public JsonObject Next(DateTimeOffset at)
    {
        var scenario = Pick();
        var host = DemoScenarios.Hosts[random.Next(DemoScenarios.Hosts.Length)];
        var user = DemoScenarios.Users[random.Next(DemoScenarios.Users.Length)];
        var ip = DemoScenarios.AttackerIps[random.Next(DemoScenarios.AttackerIps.Length)];
        var reason = scenario.ReasonTemplate.Replace("{host}", host).Replace("{user}", user).Replace("{ip}", ip);
        var original = at - TimeSpan.FromSeconds(random.Next(1, 90));
        return new JsonObject
        {
            ["@timestamp"] = at.ToString("O"),
            ["kibana.alert.uuid"] = Guid.NewGuid().ToString(),
            ["kibana.alert.original_time"] = original.ToString("O"),
            ["kibana.alert.rule.name"] = scenario.RuleName,
            ["kibana.alert.rule.rule_id"] = scenario.RuleId,
            ["kibana.alert.severity"] = scenario.Severity,
            ["kibana.alert.risk_score"] = scenario.RiskScore,
            ["kibana.alert.reason"] = reason,
            ["kibana.alert.workflow_status"] = "open",
            ["kibana.alert.rule.threat"] = new JsonArray(new JsonObject
            {
                ["framework"] = "MITRE ATT&CK",
                ["tactic"] = new JsonObject { ["id"] = scenario.TacticId, ["name"] = scenario.Tactic },
                ["technique"] = new JsonArray(new JsonObject { ["id"] = scenario.TechniqueId, ["name"] = scenario.Technique }),
            }),
            ["event"] = new JsonObject { ["kind"] = "signal", ["category"] = new JsonArray(scenario.Category), ["action"] = scenario.Action },
            ["host"] = new JsonObject { ["name"] = host },
            ["user"] = new JsonObject { ["name"] = user },
            ["source"] = new JsonObject { ["ip"] = ip },
            ["destination"] = new JsonObject { ["ip"] = "10.20.0." + random.Next(2, 250) },
            ["secops.demo"] = true,
        };
    }

    private DemoScenario Pick()
    {
        var total = DemoScenarios.All.Sum(s => s.Weight);
        var roll = random.Next(total);
        foreach (var scenario in DemoScenarios.All)
        {
            roll -= scenario.Weight;
            if (roll < 0)
            {
                return scenario;
            }
        }
        return DemoScenarios.All[0];
    }
}
