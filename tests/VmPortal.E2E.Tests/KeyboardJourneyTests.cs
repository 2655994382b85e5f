using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// Capture and deploy with the keyboard alone: Tab, Shift+Tab, Enter, Space, the arrows and typing — no click, no fill. At each
/// step the focus must land where a keyboard user expects it and be visible there; wherever a page replaces what had the focus
/// (a new step, a started operation, another page) it hands the focus on instead of dropping it on the body.
/// </summary>
public sealed class KeyboardJourneyTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_keyboard_user_finds_web01_and_captures_it_running_as_a_specialized_image()
    {
        var (page, keys) = await SignInAsync();

        // From the navigation to the VM list: the new page's title has the focus, the search box is a Tab away.
        await keys.TabToAsync(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Virtual machines" }));
        await page.ScreenshotAsync("keyboard-nav-link-1400");
        await keys.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/vms$"));
        await keys.ExpectFocusOnAsync(page.Locator("h1#page-title"), "A new page starts at its title");
        await keys.TabToAsync(page.GetByRole(AriaRole.Textbox, new() { Name = "Search" }));
        await keys.TypeAsync("web01");
        var web01 = page.GetByTestId("vm-grid").GetByRole(AriaRole.Link, new() { Name = "web01", Exact = true });
        // One row left: its name and its cloud service are the grid's two links.
        await Expect(page.GetByTestId("vm-grid").Locator("td.portal-vm-name-cell").GetByRole(AriaRole.Link)).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await keys.TabToAsync(web01);
        await keys.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/vms/contoso-web/web01$"));
        await keys.ExpectFocusOnAsync(page.Locator("h1#page-title"), "The VM's page starts at its title");
        await Expect(page.GetByTestId("vm-status")).ToHaveTextAsync("Running", new() { Timeout = 20_000 });

        await keys.TabToAsync(page.GetByTestId("capture-vm"));
        await keys.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/vms/contoso-web/web01/capture$"));

        // Kind: Tab into the radio group, an arrow chooses the other kind.
        await keys.TabToAsync(page.GetByTestId("capture-kind").GetByRole(AriaRole.Radio));
        await keys.ExpectFocusOnAsync(page.GetByRole(AriaRole.Radio, new() { Name = "Generalized" }), "An unchosen radio group is entered at its first radio");
        await ShotAsync(page, keys, "keyboard-capture-kind-radio");
        await keys.PressAsync("ArrowDown");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Specialized" })).ToBeCheckedAsync();
        await Expect(page.GetByTestId("kind-card").Filter(new() { HasText = "Specialized" })).ToHaveAttributeAsync("data-selected", "true");
        await NextStepAsync(page, keys, "Prepare");

        // Prepare: each warning's "I understand" by Space.
        var warnings = page.GetByTestId("warning");
        await Expect(warnings).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        for (var i = 0; i < 3; i++)
        {
            var box = warnings.Nth(i).GetByRole(AriaRole.Checkbox);
            await keys.TabToAsync(box);
            await keys.PressAsync("Space");
            await Expect(box).ToBeCheckedAsync();
        }
        await keys.TabToAsync(page.GetByTestId("next"));
        await ShotAsync(page, keys, "keyboard-capture-next");
        await NextStepAsync(page, keys, "Name and details");

        // Details: the name is the step's first field; the recommended size is a select the arrows open and choose in.
        await keys.PressAsync("Tab");
        await keys.ExpectAtAsync(page.GetByLabel("Image name"), "The details step's first field is the image name");
        await keys.TypeAsync("web01-keyboard");
        await keys.TabToAsync(page.GetByLabel("Description"));
        await keys.TypeAsync("Captured without a mouse");
        await Expect(page.GetByTestId("blob-name").First).ToContainTextAsync("web01-keyboard-os-", new() { Timeout = 10_000 });
        var sizeSelect = page.GetByTestId("recommended-size");
        await keys.TabToAsync(sizeSelect);
        await keys.NeverDroppingFocusAsync(async () =>
        {
            await keys.PressAsync("Enter");
            var options = page.GetByRole(AriaRole.Option);
            await Expect(options.First).ToBeVisibleAsync();
            await keys.PressAsync("ArrowDown");
            await keys.PressAsync("ArrowDown");
            await keys.PressAsync("Enter");
            await Expect(options).ToHaveCountAsync(0);
            await keys.ExpectAtAsync(sizeSelect, "Choosing in a select leaves the focus on the select");
        });
        var size = await sizeSelect.InputValueAsync();
        Assert.False(string.IsNullOrEmpty(size), "The arrows and Enter chose no recommended size");
        await NextStepAsync(page, keys, "Review and capture");

        await Expect(page.GetByTestId("capture-summary")).ToContainTextAsync(size.Split(" — ")[0]);
        await CaptureAndOpenImageAsync(page, keys, "web01-keyboard");
    }

    [Fact]
    public async Task A_keyboard_user_generalizes_app01_captures_it_and_deploys_a_vm_from_it_to_copy_its_ssh_command()
    {
        var (page, keys) = await SignInAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.OpenAsync("/vms/fabrikam-app/app01");
        await Expect(page.GetByTestId("vm-status")).ToBeVisibleAsync(Patiently);

        // This time through the VM's Actions menu: Enter opens it, the arrows walk its items, Escape closes it back onto its
        // button; opened again, Enter on "Capture…" follows it.
        var actions = page.GetByTestId("vm-header").GetByRole(AriaRole.Button, new() { Name = "Actions for app01" });
        await keys.TabToAsync(actions);
        await keys.PressAsync("Enter");
        var menu = page.GetByRole(AriaRole.Menu);
        await Expect(menu).ToBeVisibleAsync();
        await keys.PressAsync("ArrowDown");
        await keys.ExpectFocusOnAsync(menu, "The arrows walk the open menu's items");
        await keys.PressAsync("Escape");
        await Expect(menu).ToBeHiddenAsync();
        await keys.ExpectAtAsync(actions, "A closed menu gives the focus back to its button");
        await keys.PressAsync("Enter");
        await Expect(menu).ToBeVisibleAsync();
        var captureItem = menu.GetByRole(AriaRole.Menuitem, new() { Name = "Capture…" });
        for (var i = 0; i < 10 && !await captureItem.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"); i++)
            await keys.PressAsync("ArrowDown");
        await keys.ExpectAtAsync(captureItem, "The arrows reach Capture…");
        await keys.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/vms/fabrikam-app/app01/capture$"));

        await keys.TabToAsync(page.GetByTestId("capture-kind").GetByRole(AriaRole.Radio));
        await keys.PressAsync("Space");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Generalized" })).ToBeCheckedAsync();
        await NextStepAsync(page, keys, "Prepare");

        // "Stop and generalize": the button goes with the blocker, so the focus moves to the one status that replaces it.
        var stopAndGeneralize = page.GetByRole(AriaRole.Button, new() { Name = "Stop and generalize" });
        await Expect(stopAndGeneralize).ToBeEnabledAsync(new() { Timeout = 10_000 });
        await keys.TabToAsync(stopAndGeneralize);
        await keys.PressAsync("Enter");
        await keys.ExpectFocusOnAsync(page.GetByTestId("prepare-progress"), "The preparation's status replaces the button that started it");
        await Expect(page.GetByTestId("prepare-ready")).ToBeVisibleAsync(Patiently);
        await NextStepAsync(page, keys, "Name and details");

        await keys.PressAsync("Tab");
        await keys.ExpectAtAsync(page.GetByLabel("Image name"), "The details step's first field is the image name");
        await keys.TypeAsync("app01-keyboard");
        await Expect(page.GetByTestId("blob-name").First).ToContainTextAsync("app01-keyboard-os-", new() { Timeout = 10_000 });
        await NextStepAsync(page, keys, "Review and capture");

        // Review: the capture deletes app01, so its name is typed first; the button waits for it.
        var capture = page.GetByTestId("capture");
        await Expect(capture).ToBeDisabledAsync();
        await keys.TabToAsync(page.GetByLabel("Type app01 to confirm"));
        await keys.TypeAsync("app01");
        await Expect(capture).ToBeEnabledAsync();
        await CaptureAndOpenImageAsync(page, keys, "app01-keyboard");

        // The image's Deploy, and the form: one field left wrong on purpose.
        await keys.TabToAsync(page.GetByTestId("image-header").GetByRole(AriaRole.Link, new() { Name = "Deploy" }));
        await keys.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/deploy\\?image=app01-keyboard$"));
        await Expect(page.GetByTestId("deploy-form")).ToBeVisibleAsync(Patiently);
        await keys.ExpectFocusOnAsync(page.Locator("h1#page-title"), "The deploy form starts at its title");
        var service = ApiClient.UniqueName("kbd");
        await keys.TabToAsync(page.GetByLabel("Cloud service name"));
        await keys.TypeAsync(service);
        await keys.TabToAsync(page.GetByLabel("VM name"));
        await keys.TypeAsync("kbd");
        await keys.TabToAsync(page.GetByLabel("Host name"));
        await keys.TypeAsync("kbd");
        await keys.PressAsync("Tab");
        await keys.ExpectAtAsync(page.GetByLabel("User name"), "The user name follows the host name");
        await keys.TypeAsync("opsadmin");
        await keys.TabToAsync(page.GetByLabel("Password", new() { Exact = true }));
        await keys.TypeAsync("Portal-Deploy-Pa55!");
        await keys.TabToAsync(page.GetByLabel("Confirm password"));
        await keys.TypeAsync("Portal-Deploy-Pa55?");
        var review = page.GetByTestId("deploy-review-button");
        await keys.TabToAsync(review);
        await keys.PressAsync("Enter");

        await Expect(page.GetByTestId("deploy-error-summary")).ToContainTextAsync("One thing to fix");
        await Expect(page.GetByTestId("deploy-error-summary")).ToContainTextAsync("Confirm password");
        await keys.ExpectAtAsync(page.GetByLabel("Confirm password"), "Review with a problem takes the keyboard to it");
        await ShotAsync(page, keys, "keyboard-deploy-first-problem");
        await keys.RetypeAsync("Portal-Deploy-Pa55!");
        await keys.TabToAsync(review);
        await ShotAsync(page, keys, "keyboard-deploy-review-button");
        await keys.PressAsync("Enter");

        await keys.ExpectFocusOnAsync(page.Locator("#deploy-review-title"), "The review is read from its title");
        await Expect(page.GetByTestId("deploy-review-vm")).ToHaveCountAsync(1);
        // Back to the form and forward again: the form comes back with the keyboard on its Review button.
        await keys.TabToAsync(page.GetByTestId("deploy-back"));
        await keys.PressAsync("Enter");
        await keys.ExpectAtAsync(review, "Back on the form, the keyboard is where it left it: on Review");
        await keys.PressAsync("Enter");
        await keys.ExpectFocusOnAsync(page.Locator("#deploy-review-title"), "The review is read from its title");
        var deploy = page.GetByTestId("deploy-submit");
        await keys.TabToAsync(deploy);
        await keys.PressAsync("Enter");

        // Deploy replaces the review: the focus goes to the deploy's progress, and from there on to the Copy button.
        await keys.ExpectFocusOnAsync(page.GetByTestId("deploy-progress-title"), "The deploy's progress replaces the button that started it");
        var command = page.GetByTestId("connection-command");
        await Expect(command).ToHaveTextAsync($"ssh opsadmin@{service}.cloudapp.net", new() { Timeout = 60_000 });
        var copy = page.GetByTestId("connection").GetByTestId("copy-button");
        await keys.TabToAsync(copy);
        await ShotAsync(page, keys, "keyboard-deploy-copy");
        await keys.PressAsync("Enter");
        await Expect(copy).ToHaveAttributeAsync("data-copied", "true");
        Assert.Equal($"ssh opsadmin@{service}.cloudapp.net", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
    }

    [Fact]
    public async Task Every_tab_stop_of_the_capture_wizard_and_the_deploy_form_shows_the_focus_in_both_themes()
    {
        var (page, keys) = await SignInAsync();
        var problems = new List<string>();
        foreach (var theme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = theme });
            async Task SweepAsync(string where) => problems.AddRange((await keys.StopsWithoutVisibleFocusAsync()).Select(p => $"{where} ({theme}): {p}"));

            await page.OpenAsync("/vms/contoso-db/sql01/capture");
            await Expect(page.GetByTestId("capture-kind")).ToBeVisibleAsync(Patiently);
            await SweepAsync("capture, kind");
            await keys.TabToAsync(page.GetByTestId("capture-kind").GetByRole(AriaRole.Radio));
            await keys.PressAsync("ArrowDown");
            await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Specialized" })).ToBeCheckedAsync();
            await NextStepAsync(page, keys, "Prepare");
            await Expect(page.GetByTestId("capture-step").GetByRole(AriaRole.Button).Or(page.GetByTestId("warning")).Or(page.GetByTestId("prepare-ready")).First)
                .ToBeVisibleAsync(Patiently);
            await SweepAsync("capture, prepare");
            var boxes = page.GetByTestId("warning").GetByRole(AriaRole.Checkbox);
            for (var i = 0; i < await boxes.CountAsync(); i++)
            {
                await keys.TabToAsync(boxes.Nth(i));
                await keys.PressAsync("Space");
            }
            await NextStepAsync(page, keys, "Name and details");
            await SweepAsync("capture, details");
            await keys.TabToAsync(page.GetByLabel("Image name"));
            await keys.TypeAsync($"sql01-sweep-{theme}".ToLowerInvariant());
            await Expect(page.GetByTestId("blob-name").First).ToContainTextAsync("sql01-sweep-", new() { Timeout = 10_000 });
            await NextStepAsync(page, keys, "Review and capture");
            await SweepAsync("capture, review");

            await page.OpenAsync("/deploy?image=Ubuntu-Server-14.04-LTS");
            await Expect(page.GetByTestId("deploy-form")).ToBeVisibleAsync(Patiently);
            await SweepAsync("deploy form");
            await keys.TabToAsync(page.GetByTestId("deploy-review-button"));
            await keys.PressAsync("Enter");
            await Expect(page.GetByTestId("deploy-error-summary")).ToBeVisibleAsync();
            await SweepAsync("deploy form with its problems");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} tab stop(s) without a visible focus:\n" + string.Join("\n", problems));
    }

    /// <summary>The focused control in both themes and widths; the focus is still there afterwards.</summary>
    private static async Task ShotAsync(IPage page, KeyboardUser keys, string name)
    {
        await Shots.KeepingFocusAsync(page, name);
        await keys.ExpectFocusVisibleAsync();
    }

    /// <summary>The sign-in form by keyboard: the user name has the focus, Tab to the password, Enter signs in.</summary>
    private async Task<(IPage Page, KeyboardUser Keys)> SignInAsync()
    {
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress);
        var keys = new KeyboardUser(page);
        await page.GotoAsync("/account/login");
        var (userName, password) = PortalApp.Credentials(PortalRoles.Operator);
        await keys.ExpectAtAsync(page.GetByLabel("User name"), "The sign-in page starts in its first field");
        await keys.TypeAsync(userName);
        await keys.PressAsync("Tab");
        await keys.ExpectAtAsync(page.GetByLabel("Password"), "The password follows the user name");
        await keys.TypeAsync(password);
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.WaitForInteractiveAsync();
        return (page, keys);
    }

    /// <summary>Tab to Next, Enter: the new step has the focus, so the next Tab is inside it.</summary>
    private static async Task NextStepAsync(IPage page, KeyboardUser keys, string title)
    {
        var next = page.GetByTestId("next");
        await Expect(next).ToBeEnabledAsync(new() { Timeout = 10_000 });
        await keys.TabToAsync(next);
        await keys.PressAsync("Enter");
        var step = page.GetByTestId("capture-step");
        await Expect(step).ToHaveAttributeAsync("aria-label", new Regex($": {Regex.Escape(title)}$"));
        await keys.ExpectFocusOnAsync(step, $"The step {title} takes the focus from Next");
    }

    /// <summary>Capture by Enter; the focus goes to the capture's progress, and on by Tab to the new image.</summary>
    private static async Task CaptureAndOpenImageAsync(IPage page, KeyboardUser keys, string image)
    {
        await keys.TabToAsync(page.GetByTestId("capture"));
        await keys.PressAsync("Enter");
        await keys.ExpectFocusOnAsync(page.GetByTestId("capture-progress"), "The capture's progress replaces the button that started it");
        var done = page.GetByTestId("capture-done");
        await Expect(done).ToBeVisibleAsync(Patiently);
        await keys.TabToAsync(done.GetByTestId("image-link"));
        await keys.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"/images/{image}$"));
        await Expect(page.Locator("#page-title")).ToHaveTextAsync(image, new() { Timeout = 30_000 });
    }
}
