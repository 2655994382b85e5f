using MudBlazor;

namespace VmPortal.Web.Components.Layout;

/// <summary>The portal's colours: a calm console blue, readable in light and dark.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0063b1",
            Secondary = "#5c2d91",
            AppbarBackground = "#1f2a3a",
            AppbarText = "#ffffff",
            Background = "#f4f6f9",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4aa3ff",
            Secondary = "#b388ff",
            AppbarBackground = "#111722",
            Background = "#161b24",
            Surface = "#1e2430",
            DrawerBackground = "#1a202b",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
