using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>
/// The real portal on Kestrel at a free port, with fresh data folders and its own embedded Azurite
/// (started and stopped by the portal itself, exactly as the run command does).
/// </summary>
public class PortalApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-e2e-").FullName;
    private readonly int _azuritePort = FreePort.Next();

    public PortalApp() => this.UseKestrel(0);

    public Uri BaseAddress { get; private set; } = null!;
    public string DataPath => _dataPath;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DataPath", _dataPath);
        builder.UseSetting("Portal:SeedDemoData", "false");
        // Simulated minutes become milliseconds: a boot takes ~20 ms, a guest is ready ~120 ms later.
        builder.UseSetting("Fabric:Speed", "1000");
        builder.UseSetting("Storage:Azurite:Port", _azuritePort.ToString());
        builder.UseSetting("Storage:Azurite:ToolsPath", RepoRoot.Path);
        // The portal's static assets live in the repository's top-level wwwroot/ (linked into the web project);
        // without this the test host serves them from the project's empty wwwroot/, as empty 200 answers.
        builder.UseWebRoot(Path.Combine(RepoRoot.Path, "wwwroot"));
    }

    public Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "localhost").Replace("127.0.0.1", "localhost"));
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }
}
