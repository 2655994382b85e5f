using MudBlazor;

namespace VmPortal.Web.Components.Layout;

/// <summary>
/// The portal's colours: a calm console blue, readable in light and dark. Secondary text and the status colours (chips,
/// outlined text) are darker in light and lighter in dark than MudBlazor's defaults, which fall below WCAG AA's 4.5:1.
/// </summary>
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
            TextSecondary = "rgba(0,0,0,0.66)",
            Success = "#176b33",
            Warning = "#9a4f00",
            Info = "#0b66b5",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4aa3ff",
            Secondary = "#b388ff",
            AppbarBackground = "#111722",
            Background = "#161b24",
            Surface = "#1e2430",
            DrawerBackground = "#1a202b",
            TextSecondary = "rgba(255,255,255,0.66)",
            Success = "#4cc777",
            Warning = "#ffb74d",
            Info = "#64b5f6",
            Error = "#ff6f6f",
            // Filled buttons and chips in these light colours need dark text to be read.
            PrimaryContrastText = "#08121f",
            SecondaryContrastText = "#160a2e",
            SuccessContrastText = "#04200f",
            WarningContrastText = "#1f1300",
            InfoContrastText = "#06121f",
            ErrorContrastText = "#240404",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Segoe UI", "Roboto", "Helvetica", "Arial", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "sans-serif"] },
        },
    };
}
