using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VmPortal.Core.Storage;

/// <summary>The Azurite process the embedded default runs; started before the portal serves, stopped when it stops.</summary>
public sealed class EmbeddedAzurite(IOptions<StorageOptions> options, PortalPaths paths, ILogger<EmbeddedAzurite> logger)
    : IAsyncDisposable
{
    private AzuriteProcess? _process;

    public int? ProcessId => _process?.ProcessId;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var azurite = options.Value.Azurite;
        var main = AzuriteLocator.FindBlobMain(azurite.ToolsPath);
        var accounts = EmbeddedStorageAccounts.LoadOrCreate(paths).Select(a => a.Account).ToList();
        _process = await AzuriteProcess.StartAsync(main, azurite.Host, azurite.Port, paths.AzuriteData, accounts, cancellationToken);
        logger.LogInformation("Azurite started on {Host}:{Port} (pid {Pid}) with data in {Path}",
            azurite.Host, azurite.Port, _process.ProcessId, paths.AzuriteData);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        var pid = _process.ProcessId;
        await _process.DisposeAsync();
        _process = null;
        logger.LogInformation("Azurite (pid {Pid}) stopped", pid);
    }
}
