using Microsoft.Playwright;
using VmPortal.Core.Security;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright; fails loudly when it is not installed (the test command installs it).</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly Dictionary<(Uri Portal, string Role, string? Locale), string> _signedIn = [];
    private readonly List<(string? Test, IBrowserContext Context)> _contexts = [];
    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (the test command does: apt-get install chromium).");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>
    /// A page in a fresh browser context, signed in through the real sign-in form as the seeded user of <paramref name="role"/>,
    /// in the browser language <paramref name="locale"/> (<c>zh-CN</c> for the Chinese portal).
    /// </summary>
    public async Task<IPage> NewPageAsync(PortalApp app, string role = PortalRoles.Admin, string? locale = null)
    {
        var page = await NewAnonymousPageAsync(app.BaseAddress, locale);
        var (userName, password) = PortalApp.Credentials(role);
        await page.SignInAsync(userName, password);
        // Signed in once the answer's cookie is kept and the page heads elsewhere; the page it heads to loads on its own.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        return page;
    }

    /// <summary>
    /// As <see cref="NewPageAsync"/>, but in a browser context that carries this fixture's earlier sign-in for the same
    /// portal, role and language (its cookies), instead of signing in again: for tests that only look at pages, each of which
    /// would otherwise spend a sign-in on every page it looks at. A test that ends sessions or changes the user must not use it.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(PortalApp app, string role = PortalRoles.Admin, string? locale = null)
    {
        var key = (app.BaseAddress, role, locale);
        if (!_signedIn.TryGetValue(key, out var state))
        {
            var first = await NewPageAsync(app, role, locale);
            _signedIn[key] = await first.Context.StorageStateAsync();
            return first;
        }
        return await NewContextPageAsync(ContextOptions(app.BaseAddress, locale, state));
    }

    /// <summary>A page in a fresh browser context with no one signed in, in the browser language <paramref name="locale"/>.</summary>
    public async Task<IPage> NewAnonymousPageAsync(Uri baseAddress, string? locale = null)
    {
        return await NewContextPageAsync(ContextOptions(baseAddress, locale, state: null));
    }

    /// <summary>
    /// A page in a new context. The contexts earlier tests opened are closed first: a page left open keeps its circuit, which the
    /// portal renders again on every live event and the browser paints, for nothing, until the class ends.
    /// </summary>
    private async Task<IPage> NewContextPageAsync(BrowserNewContextOptions options)
    {
        var test = TestContext.Current.Test?.UniqueID;
        foreach (var earlier in _contexts.Where(c => c.Test != test).ToList())
        {
            await earlier.Context.CloseAsync();
            _contexts.Remove(earlier);
        }
        var context = await Chromium.NewContextAsync(options);
        _contexts.Add((test, context));
        return await context.NewPageAsync();
    }

    private static BrowserNewContextOptions ContextOptions(Uri baseAddress, string? locale, string? state) => new()
    {
        BaseURL = baseAddress.ToString(),
        // The browser's language (its Accept-Language); Chromium's own is English.
        Locale = locale,
        ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        StorageState = state,
    };

    public async ValueTask DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }
}
