using MudBlazor;

namespace SecOps.Web.Components.Layout;

public static class SecOpsTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fbf",
            Secondary = "#6b4fbb",
            AppbarBackground = "#10213d",
            Background = "#f5f7fb",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6ea8fe",
            Secondary = "#b197fc",
            AppbarBackground = "#0b1526",
            Background = "#0f1724",
            Surface = "#172235",
            DrawerBackground = "#121c2d",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
