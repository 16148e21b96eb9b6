namespace SecOps.Web.Features.Notes;

public static class NotesSetup
{
    public static IHostApplicationBuilder AddSecOpsNotes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AlertNotes>();
        return builder;
    }
}
