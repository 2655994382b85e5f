using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using VmPortal.Core.Capture;
using VmPortal.Core.Data;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Web.Tests.Capture;

/// <summary>
/// A bUnit context over the whole application layer (<see cref="CoreHost"/>: SQLite, the run's Azurite, the
/// operation worker and a fast fabric), for pages whose work reads disks or runs operations — the capture
/// wizard's preview reads the guest record, its Stop and Generalize buttons really stop and generalize.
/// </summary>
public abstract class HostedBunitContext(AzuriteFixture azurite, TestClock? clock = null) : BunitContext, IAsyncLifetime
{
    protected CoreHost Host { get; } = new(azurite, clock);

    public virtual async ValueTask InitializeAsync()
    {
        // These components wait on real storage and a real worker; on two busy cores that can take seconds.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        await Host.InitializeAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Forward<IDbContextFactory<PortalDbContext>>();
        Forward<VmQueries>();
        Forward<VmService>();
        Forward<VmTagService>();
        Forward<CaptureService>();
        Forward<VmPortal.Core.Images.ImageFamilies>(); // the capture wizard suggests a family's next version
        Forward<OperationQueries>();
        Forward<OperationEvents>();
        Forward<VmChanges>();
        Forward<VmPortal.Core.Security.AuditLog>();
        Forward<VmPortal.Core.Security.BrowserSessions>();
        Services.AddScoped<VmPortal.Web.Security.PortalUser>();
        Services.AddPortalPages();
        // Capturing needs an Operator; the page refuses anyone less, as the portal does.
        var authorization = AddAuthorization();
        authorization.SetAuthorized(SignedInOperator.UserName).SetRoles(VmPortal.Core.Security.PortalRoles.Operator);
        await SignedInOperator.AddAsync(Host.Get<IDbContextFactory<PortalDbContext>>(), Host.Get<VmPortal.Core.Security.BrowserSessions>(), authorization);
    }

    /// <summary>Lets the components use the host's own instance of <typeparamref name="T"/>.</summary>
    protected void Forward<T>() where T : class => Services.AddSingleton(_ => Host.Get<T>());

    // xunit disposes the test class through IAsyncDisposable: bUnit's own DisposeAsync, which ends here.
    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await Host.DisposeAsync();
    }
}
