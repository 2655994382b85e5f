using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VmPortal.Core.Data;

namespace VmPortal.Core.Cluster;

/// <summary>
/// Carries live events between the portal instances sharing a PostgreSQL database, so a page served by one instance
/// follows work another instance does: what a connected <see cref="Broadcast{T}"/> publishes here goes out with
/// <c>NOTIFY</c> on its channel, and what other instances notify on it is delivered to its subscribers here
/// (<c>LISTEN</c>, on one connection of its own). On SQLite, which serves one instance, events stay in process.
/// Events are for people watching: one lost while the database is unreachable is logged, not retried — pages read
/// the catalogue again when they next load.
/// </summary>
public sealed class ClusterEvents(
    IServiceProvider services, IDbContextFactory<PortalDbContext> dbFactory, PortalInstance instance, TimeProvider time,
    ILogger<ClusterEvents> logger) : BackgroundService
{
    /// <summary>PostgreSQL refuses a notification payload of 8000 bytes or more.</summary>
    public const int MaxPayloadBytes = 7900;

    private const int MaxBatch = 50;
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Action<string>> _receivers = [];
    private readonly Channel<(string Channel, string Payload)> _outbox =
        Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _relaying;

    /// <summary>Relays <paramref name="broadcast"/> on <paramref name="channel"/> (a lower-case SQL identifier).</summary>
    public void Connect<T>(string channel, Broadcast<T> broadcast)
    {
        _receivers[channel] = payload =>
        {
            var envelope = JsonSerializer.Deserialize<Envelope<T>>(payload, JsonSerializerOptions.Web);
            if (envelope is not null && envelope.Origin != instance.Id && envelope.Message is { } message) broadcast.Deliver(message);
        };
        broadcast.RelayTo(message =>
        {
            if (!_relaying) return;
            var payload = JsonSerializer.Serialize(new Envelope<T>(instance.Id, message), JsonSerializerOptions.Web);
            if (System.Text.Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
            {
                logger.LogWarning("An event on {Channel} is too large to send to other instances ({Bytes} bytes); they see it when they reload",
                    channel, System.Text.Encoding.UTF8.GetByteCount(payload));
                return;
            }
            _outbox.Writer.TryWrite((channel, payload));
        });
    }

    /// <summary>Waits until this instance listens (or does not need to): events sent from then on reach it.</summary>
    public Task Listening => _listening.Task;

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var database = services.GetRequiredService<PortalDatabase>();
        if (database.Provider != DatabaseProvider.PostgreSql || _receivers.Count == 0)
        {
            _listening.TrySetResult();
            return;
        }
        _relaying = true;
        await Task.WhenAll(SendAsync(stoppingToken), ListenAsync(database, stoppingToken));
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<(string Channel, string Payload)>();
                while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                    // One round trip for the batch; notifications from one session arrive in the order sent.
                    var sql = "SELECT " + string.Join(", ", batch.Select((_, i) => $"pg_notify({{{2 * i}}}, {{{2 * i + 1}}})"));
                    await db.Database.ExecuteSqlRawAsync(sql, batch.SelectMany(b => new object[] { b.Channel, b.Payload }), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "{Count} live events could not be sent to other instances", batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task ListenAsync(PortalDatabase database, CancellationToken stoppingToken)
    {
        // A connection of its own, outside the pool; keepalives notice a server that went away while we wait.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Channel, e.Payload);
                await using (var listen = connection.CreateCommand())
                {
                    listen.CommandText = string.Join("; ", _receivers.Keys.Select(c => $"LISTEN {c}"));
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                logger.LogInformation("Listening for other portal instances' events on {Channels}", string.Join(", ", _receivers.Keys));
                _listening.TrySetResult();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for other instances' events failed; trying again in {Delay}", Reconnect);
                try { await Task.Delay(Reconnect, time, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Receive(string channel, string payload)
    {
        if (!_receivers.TryGetValue(channel, out var receive)) return;
        try { receive(payload); }
        catch (JsonException e) { logger.LogWarning(e, "An event on {Channel} from another instance could not be read", channel); }
    }

    private sealed record Envelope<T>(string Origin, T? Message);
}
