using SecOps.Web.Components;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Queries;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Elasticsearch.WriteBack;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Demo;
using SecOps.Web.Features.Communications;
using SecOps.Web.Features.Evidence;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Regulatory;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Notes;
using SecOps.Web.Features.OnCall;
using SecOps.Web.Features.Operations;
using SecOps.Web.Features.Outbound;
using SecOps.Web.Features.Overview;
using SecOps.Web.Features.ScaleOut;
using SecOps.Web.Features.Playbooks;
using SecOps.Web.Features.Reports;
using SecOps.Web.Features.Retention;
using SecOps.Web.Features.Sla;
using SecOps.Web.Features.Suppression;
using SecOps.Web.Features.Triage;
using SecOps.Web.Hosting;

// `audit verify` checks the audit chain and exits instead of serving (see AuditCommand).
// `admin recover` is the break-glass recovery of a locked-out administrator (see BreakGlassCommand).
var auditCommand = AuditCommand.Matches(args, out var hostArgs);
var breakGlass = BreakGlassCommand.Matches(hostArgs, out var breakGlassArguments, out hostArgs);
var builder = WebApplication.CreateBuilder(AppLocation.Options(hostArgs));

builder.AddSecOpsHosting();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddSecOpsData();
builder.AddSecOpsAccounts();
builder.AddSecOpsAdmin();
builder.AddSecOpsRetention();
builder.AddSecOpsOperations();
builder.AddSecOpsLive();
builder.AddSecOpsScaleOut();
builder.AddSecOpsIngest();
builder.AddSecOpsAuditEvents();
builder.AddSecOpsTriage();
builder.AddSecOpsNotes();
builder.AddSecOpsIncidents();
builder.AddSecOpsEvidence();
builder.AddSecOpsCommunications();
builder.AddSecOpsOutbound();
builder.AddSecOpsRegulatory();
builder.AddSecOpsPlaybooks();
builder.AddSecOpsAutomation();
builder.AddSecOpsOnCall();
builder.AddSecOpsOverview();
builder.AddSecOpsSla();
builder.AddSecOpsSuppression();
builder.AddSecOpsCompliance();
builder.AddSecOpsReports();
builder.AddElasticsearchClient();
builder.AddElasticsearchQueries();
builder.AddElasticsearchTail();
builder.AddElasticsearchWriteBack();
builder.AddSecOpsDemo();
builder.AddSecOpsWeb();

var app = builder.Build();

if (auditCommand)
{
    return await AuditCommand.RunAsync(app.Services, Console.Out, CancellationToken.None);
}
if (breakGlass)
{
    return await BreakGlassCommand.RunAsync(app.Services, breakGlassArguments, Console.In, Console.Out, CancellationToken.None);
}

app.UseSecOpsHosting();
app.UseSecOpsPipeline();
app.MapSecOpsApi();
app.MapAccountEndpoints();
app.MapHub<SocHub>(SocHub.Path);
app.MapSecOpsMetrics();
app.MapComplianceEndpoints();
app.MapReportEndpoints();
app.MapAuditEndpoints();
app.MapPlaybookEndpoints();
app.MapEvidenceEndpoints();
app.MapIncidentExportEndpoints();
app.MapSecOpsPages();

app.Run();
return 0;

public partial class Program;
