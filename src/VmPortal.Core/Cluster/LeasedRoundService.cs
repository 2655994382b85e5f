using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VmPortal.Core.Cluster;

/// <summary>
/// Work the portal does by itself in rounds, on one instance at a time. The lease is taken for three rounds and renewed
/// each round, so a missed renewal hands the work to another instance within three rounds; a failed round is logged and
/// the next one tries again; a clean stop gives the lease back at once.
/// </summary>
public abstract class LeasedRoundService(string leaseName, Leases leases, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The clock rounds and their work go by.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>How often a round runs; read once, when the service starts.</summary>
    protected abstract TimeSpan Round { get; }

    /// <summary>What a round does, for the log line of a failed one ("Purging the recycle bin").</summary>
    protected abstract string Work { get; }

    /// <summary>One round, run only while this instance holds the lease.</summary>
    protected abstract Task RunRoundAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var round = Round;
        using var timer = new PeriodicTimer(round, Time);
        do
        {
            try
            {
                if (await leases.TryHoldAsync(leaseName, round * 3, stoppingToken)) await RunRoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning(e, "{Work} failed; trying again next round", Work); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await leases.ReleaseAsync(leaseName, cancellationToken);
    }
}
