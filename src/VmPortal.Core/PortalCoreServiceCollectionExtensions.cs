using Azure.Core.Pipeline;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VmPortal.Core.Capture;
using VmPortal.Core.CloudServices;
using VmPortal.Core.Cluster;
using VmPortal.Core.Dashboard;
using VmPortal.Core.Data;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;
using VmPortal.Core.Hosting;
using VmPortal.Core.Networks;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Core;

public static class PortalCoreServiceCollectionExtensions
{
    /// <summary>
    /// The application layer: catalogue database, storage accounts, start-up preparation.
    /// <paramref name="defaultDataPath"/> is used when <c>Portal:DataPath</c> is not set.
    /// </summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services, IConfiguration configuration, string defaultDataPath)
    {
        var paths = new PortalPaths(configuration["Portal:DataPath"] is { Length: > 0 } p ? p : defaultDataPath);
        services.AddSingleton(paths);
        services.Configure<StorageOptions>(configuration.GetSection("Storage"));

        // Read when first needed, so a bad setting is reported by the start-up preparation like every other.
        services.AddSingleton(_ => PortalDatabase.From(configuration, paths));
        // Interceptors and pipeline policies registered by the host join every database command and storage request.
        services.AddDbContextFactory<PortalDbContext>((sp, o) =>
            sp.GetRequiredService<PortalDatabase>().Configure(o).AddInterceptors(sp.GetServices<IInterceptor>()));

        services.AddSingleton(sp => BlobAccounts.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value, paths, sp.GetServices<HttpPipelinePolicy>()));
        services.AddSingleton<EmbeddedAzurite>();
        services.AddSingleton<PortalStartup>();
        // First hosted service: later ones (workers) may rely on a migrated database and reachable storage.
        services.AddHostedService(sp => sp.GetRequiredService<PortalStartup>());
        services.AddSingleton<CatalogueSummaryService>();
        services.AddHostedService<CatalogueUpkeep>();
        services.AddSingleton(TimeProvider.System);
        services.AddPortalCluster();
        services.Configure<OperationOptions>(configuration.GetSection("Operations"));
        services.AddSingleton<OperationEvents>();
        services.AddSingleton<OperationSignal>();
        services.AddSingleton<OperationQueue>();
        services.AddHostedService<OperationWorker>();
        services.AddSingleton<OperationRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationRetention>());
        services.AddSingleton<DiskStore>();
        services.AddSingleton<IBlobReferences, CatalogueBlobReferences>();
        services.AddSingleton<VhdUpload>();
        services.Configure<FabricOptions>(configuration.GetSection("Fabric"));
        services.AddSingleton<FabricClock>();
        services.AddSingleton<GuestIoGate>();
        services.AddSingleton<VmChanges>();
        if (FabricOptions.IsQemu(configuration))
        {
            // A real hypervisor: QEMU processes whose guests write their own records and heartbeats.
            services.Configure<Fabric.Qemu.QemuOptions>(configuration.GetSection("Fabric:Qemu"));
            services.AddSingleton<Fabric.Qemu.QemuMachines>();
            services.AddHostedService(sp => sp.GetRequiredService<Fabric.Qemu.QemuMachines>());
            services.AddSingleton<IGuestConsole>(sp => sp.GetRequiredService<Fabric.Qemu.QemuMachines>());
            services.AddSingleton<IFabric, Fabric.Qemu.QemuFabric>();
            services.AddHostedService<Fabric.Qemu.QemuGuestWatcher>();
        }
        else
        {
            services.AddSingleton<IFabric, SimulatedFabric>();
            services.AddHostedService<GuestAgentService>();
        }
        services.AddSingleton<VmPower>();
        services.AddSingleton<VmService>();
        services.AddSingleton<VmQueries>();
        services.AddSingleton<VmTagService>();
        services.AddScoped<IOperationHandler, StartVmHandler>();
        services.AddScoped<IOperationHandler, StopVmHandler>();
        services.AddScoped<IOperationHandler, RestartVmHandler>();
        services.AddScoped<IOperationHandler, GeneralizeVmHandler>();
        services.AddScoped<IOperationHandler, ResizeVmHandler>();
        services.AddScoped<IOperationHandler, AttachDataDiskHandler>();
        services.AddScoped<IOperationHandler, DetachDataDiskHandler>();
        services.AddScoped<IOperationHandler, DeleteVmHandler>();
        services.AddSingleton<DeployService>();
        services.AddScoped<IOperationHandler, DeployVmHandler>();
        // Sealed secrets (a deploy's admin password between request and first boot) and the portal's own cookie,
        // circuit and antiforgery keys: the key ring lives in the database, so every instance reads the same one.
        services.AddDataProtection().SetApplicationName("VmPortal").PersistKeysToDbContext<PortalDbContext>();
        services.AddSingleton<SharedKeyRing>();
        services.AddSingleton<CaptureService>();
        services.AddScoped<IOperationHandler, CaptureVmImageHandler>();
        services.AddSingleton<PublicImageSeeder>();
        services.AddSingleton<DemoDataSeeder>();
        // Application services: one per capability, each opening one context per call.
        services.AddSingleton<CloudServiceService>();
        services.AddSingleton<VirtualNetworkService>();
        services.AddSingleton<StorageAccountQueries>();
        services.AddSingleton<StorageUsageQueries>();
        services.AddSingleton<StorageTotalsService>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageTotalsService>());
        services.AddSingleton<DiskService>();
        services.AddSingleton<OperationQueries>();
        services.AddScoped<IOperationHandler, DeleteDiskHandler>();
        services.AddSingleton<Images.ImageQueries>();
        services.AddSingleton<Images.ImageFamilies>();
        services.AddSingleton<Images.ImageService>();
        services.AddSingleton<Images.ImageRegistration>();
        services.AddScoped<IOperationHandler, Images.DeleteImageHandler>();
        services.AddScoped<IOperationHandler, Images.PurgeImageHandler>();
        services.AddSingleton<Images.ImageReplicas>();
        services.AddScoped<IOperationHandler, Images.ReplicateImageHandler>();
        services.AddScoped<IOperationHandler, Images.RemoveImageReplicaHandler>();
        services.Configure<Images.RecycleBinOptions>(configuration.GetSection("Portal"));
        services.AddSingleton<Images.RecycleBinPurger>();
        services.AddHostedService(sp => sp.GetRequiredService<Images.RecycleBinPurger>());
        services.Configure<Uploads.UploadOptions>(configuration.GetSection("Portal"));
        services.AddSingleton<Uploads.UploadService>();
        services.AddSingleton<Uploads.UploadExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<Uploads.UploadExpiry>());
        services.AddSingleton<StorageHealth.StorageHealthCheck>();
        services.AddSingleton<StorageHealth.StorageRepair>();
        services.AddScoped<IOperationHandler, StorageHealth.RepairStorageHandler>();
        services.AddPortalIdentity();
        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database")
            .AddCheck<BlobStorageHealthCheck>("blobStorage");
        return services;
    }

    /// <summary>
    /// What lets several instances share one database: who this instance is, leases on periodic work, locks, the
    /// instance registry, and the relay that carries live events (operations, VM changes) to the other instances.
    /// </summary>
    private static IServiceCollection AddPortalCluster(this IServiceCollection services)
    {
        services.AddSingleton<PortalInstance>();
        services.AddSingleton<Leases>();
        services.AddSingleton<DatabaseLocks>();
        services.AddSingleton<InstanceRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceRegistry>());
        services.AddSingleton(sp =>
        {
            var events = ActivatorUtilities.CreateInstance<ClusterEvents>(sp);
            events.Connect("vmportal_operations", sp.GetRequiredService<OperationEvents>());
            events.Connect("vmportal_vm_changes", sp.GetRequiredService<VmChanges>());
            return events;
        });
        services.AddHostedService(sp => sp.GetRequiredService<ClusterEvents>());
        return services;
    }

    /// <summary>
    /// Users and roles on the portal's own database (sign-in schemes are the web project's business), the tokens,
    /// the audit log and the first administrator. Lockout: 5 failed sign-ins lock an account for 5 minutes.
    /// </summary>
    private static IServiceCollection AddPortalIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<BrowserSessions>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<UserBootstrapper>();
        return services;
    }
}
