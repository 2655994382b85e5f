using Bunit.TestDoubles;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using VmPortal.Core.CloudServices;
using VmPortal.Core.Dashboard;
using VmPortal.Core.Data;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;
using VmPortal.Core.Images;
using VmPortal.Core.Networks;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;
using VmPortal.Web.Security;

namespace VmPortal.Web.Tests;

/// <summary>
/// One bUnit context for the portal's components: MudBlazor services without transitions, loose JS
/// interop, and the real catalogue services over a fresh SQLite file owned by the test class.
/// </summary>
public abstract class PortalBunitContext : BunitContext, IAsyncLifetime
{
    protected TestDatabase Database { get; } = new();

    protected TimeProvider Clock { get; }

    /// <param name="clock">The portal's clock (a <see cref="TestClock"/> for pages that show dates), also for the signed-in user's session.</param>
    protected PortalBunitContext(TimeProvider? clock = null)
    {
        Clock = clock ?? TimeProvider.System;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(Database);
        Services.AddSingleton<CatalogueSummaryService>();
        // The VM pages: real queries and service over the test database. No worker runs, so queued
        // operations stay queued; the list never touches storage, so no storage account is configured.
        Services.AddSingleton(Clock);
        Services.AddSingleton(new BlobAccounts([], embedded: false));
        Services.AddSingleton<DiskStore>();
        Services.AddSingleton<VmQueries>();
        Services.AddSingleton<OperationSignal>();
        Services.AddSingleton<OperationQueue>();
        Services.AddSingleton<VmService>();
        Services.AddSingleton<VmTagService>();
        Services.AddSingleton<OperationEvents>();
        Services.AddSingleton<VmChanges>();
        Services.AddSingleton<AuditLog>();
        Services.AddOptions();
        Services.AddSingleton<BrowserSessions>();
        Services.AddScoped<PortalUser>();
        // The image, deploy, operations and dashboard pages: with no storage account, allocated sizes read as unknown.
        Services.AddSingleton<OperationQueries>();
        Services.AddSingleton<StorageUsageQueries>();
        Services.AddSingleton<IBlobReferences, CatalogueBlobReferences>();
        Services.AddSingleton<VhdUpload>();
        Services.AddSingleton<ImageQueries>();
        Services.AddSingleton<ImageFamilies>();
        Services.AddSingleton<ImageService>();
        Services.AddSingleton<ImageReplicas>();
        Services.AddSingleton<ImageRegistration>();
        Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        Services.AddSingleton<DeployService>();
        Services.AddSingleton<CloudServiceService>();
        Services.AddSingleton<VirtualNetworkService>();
        Services.AddPortalPages();
        // The theme choice is kept with the user's account: Identity over the same test database.
        Services.AddScoped(_ => Database.CreateDbContext());
        Services.AddIdentityCore<Microsoft.AspNetCore.Identity.IdentityUser>()
            .AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>().AddEntityFrameworkStores<PortalDbContext>();
        // The pages hide actions by role; an Operator sees them all but the admin pages.
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("operator").SetRoles(PortalRoles.Operator);
    }

    protected BunitAuthorizationContext Authorization { get; }

    public virtual async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await SignedInOperator.AddAsync(Database,
            new BrowserSessions(Database, Microsoft.Extensions.Options.Options.Create(new Microsoft.AspNetCore.Identity.IdentityOptions()), Clock),
            Authorization);
    }

    // xunit disposes the test class through IAsyncDisposable: bUnit's own DisposeAsync, which ends here.
    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await Database.DisposeAsync();
        (Clock as IDisposable)?.Dispose();
    }
}
