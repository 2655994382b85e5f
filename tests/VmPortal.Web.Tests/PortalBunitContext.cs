using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using VmPortal.Core.Catalog;
using VmPortal.Core.Data;
using VmPortal.Core.Tests.Infrastructure;

namespace VmPortal.Web.Tests;

/// <summary>
/// One bUnit context for the portal's components: MudBlazor services without transitions, loose JS
/// interop, and the real catalogue services over a fresh SQLite file owned by the test class.
/// </summary>
public abstract class PortalBunitContext : BunitContext, IAsyncLifetime
{
    protected TestDatabase Database { get; } = new();

    protected PortalBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(Database);
        Services.AddSingleton<CatalogSummaryService>();
        Services.AddSingleton<CatalogBrowser>();
    }

    public virtual Task InitializeAsync() => Database.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
