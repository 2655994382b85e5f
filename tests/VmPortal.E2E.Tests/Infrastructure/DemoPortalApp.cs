using Microsoft.AspNetCore.Hosting;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>
/// The portal with its demo estate (web01, sql01, app01, …) and a fabric 200× faster than real time, so a
/// boot takes ~100 ms and a guest is ready ~0.6 s later.
/// </summary>
public class DemoPortalApp : PortalApp
{
    public DemoPortalApp() : this(clock: null) { }

    protected DemoPortalApp(TestClock? clock) : base(clock) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:SeedDemoData", "true");
        builder.UseSetting("Fabric:Speed", "200");
    }
}
