using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests.Security;

/// <summary>The API tokens page refuses what it cannot keep, saying why, rather than quietly keeping less.</summary>
public sealed class TokenPageTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_name_of_101_characters_is_refused_at_the_field_and_no_token_is_made()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.OpenAsync("/account/tokens");
        var name = "build-server-" + new string('x', 88);
        Assert.Equal(101, name.Length);

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByTestId("create-token").ClickAsync();

        await Expect(page.GetByTestId("token-name")).ToHaveValueAsync(name);
        await Expect(page.GetByText("The name has 101 characters; at most 100 are allowed.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("new-token")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("tokens")).Not.ToContainTextAsync("build-server-");
        await Shots.TakeAsync(page, "tokens-name-too-long");
    }
}
