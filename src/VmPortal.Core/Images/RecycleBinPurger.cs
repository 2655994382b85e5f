using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Cluster;
using VmPortal.Core.Data;
using VmPortal.Core.Security;

namespace VmPortal.Core.Images;

/// <summary>
/// Purges what has stayed in the recycle bin until its purge time, as the portal itself: every <see cref="Round"/>, on one
/// instance at a time (the <see cref="LeaseName"/> lease). Each purge is an ordinary <c>PurgeImage</c> operation, so a purge
/// already under way (or any other work on the image) makes the next round leave the image alone.
/// </summary>
public sealed class RecycleBinPurger(
    IDbContextFactory<PortalDbContext> dbFactory, ImageService images, Leases leases, TimeProvider time, ILogger<RecycleBinPurger> logger)
    : LeasedRoundService(LeaseName, leases, time, logger)
{
    public const string LeaseName = "recycle-bin";
    public static readonly TimeSpan RoundLength = TimeSpan.FromMinutes(1);

    protected override TimeSpan Round => RoundLength;

    protected override string Work => "Purging the recycle bin";

    protected override Task RunRoundAsync(CancellationToken cancellationToken) => PurgeDueAsync(cancellationToken);

    /// <summary>Queues a purge of every image whose purge time has come; returns how many were queued.</summary>
    public async Task<int> PurgeDueAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        List<string> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            due = await db.Images.AsNoTracking().Where(i => i.DeletedTime != null && i.PurgeAt <= now).OrderBy(i => i.PurgeAt)
                .Select(i => i.Name).ToListAsync(ct);
        var queued = 0;
        foreach (var name in due)
        {
            var purge = await images.PurgeAsync(name, deleteVhds: null, Actor.Portal, ct);
            if (purge.Succeeded) queued++;
            else logger.LogInformation("Image {Name} is due for purging but was left for now: {Code} {Message}", name, purge.Error.Code, purge.Error.Message);
        }
        return queued;
    }
}
