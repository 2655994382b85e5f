using Microsoft.AspNetCore.Components;
using VmPortal.Web.Components.Layout;

namespace VmPortal.Web.Tests;

public sealed class LayoutTests : PortalBunitContext
{
    private static readonly RenderFragment Body = b => b.AddMarkupContent(0, "<p id='body'>page</p>");

    [Fact]
    public void The_drawer_offers_every_area_of_the_portal_in_console_order()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, Body));

        var links = layout.FindAll("nav .mud-nav-link").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(
            ["Dashboard", "Virtual machines", "Images", "Disks", "Cloud services", "Storage", "Operations"],
            links);
        Assert.NotNull(layout.Find("#body"));
        Assert.Contains("VmPortal", layout.Find("header").TextContent);
    }

    [Fact]
    public void The_theme_switch_toggles_between_light_and_dark()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, Body));
        Assert.Equal("light", layout.Find(".portal-main").GetAttribute("data-theme"));

        layout.Find("[data-testid=theme-toggle]").Click();
        Assert.Equal("dark", layout.Find(".portal-main").GetAttribute("data-theme"));

        layout.Find("[data-testid=theme-toggle]").Click();
        Assert.Equal("light", layout.Find(".portal-main").GetAttribute("data-theme"));
    }

    [Fact]
    public async Task The_signed_in_users_choice_is_read_back_from_their_account()
    {
        var first = Render<MainLayout>(p => p.Add(l => l.Body, Body));
        first.Find("[data-testid=theme-toggle]").Click();
        first.WaitForAssertion(() => Assert.Equal("dark", first.Find(".portal-main").GetAttribute("data-theme")));
        first.WaitForAssertion(() =>
        {
            using var db = Database.CreateDbContext();
            Assert.Equal("dark", db.UserClaims.Single(c => c.ClaimType == ThemePreferences.ClaimType).ClaimValue);
        });

        await DisposeComponentsAsync();

        // This context's browser storage answers nothing (bUnit's JS interop): only the account remembers the choice.
        var second = Render<MainLayout>(p => p.Add(l => l.Body, Body));
        second.WaitForAssertion(() => Assert.Equal("dark", second.Find(".portal-main").GetAttribute("data-theme")));
    }
}
