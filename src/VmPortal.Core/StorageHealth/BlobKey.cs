using System.Globalization;
using Azure.Storage.Blobs;

namespace VmPortal.Core.StorageHealth;

/// <summary>
/// A blob (or one snapshot of it) by account, container, name and snapshot instant — however its URI was spelled, so a
/// media link, a listing entry and a URI in an operation's state compare equal.
/// </summary>
internal readonly record struct BlobKey(string Account, string Container, string Name, long? SnapshotTicks)
{
    public bool IsSnapshot => SnapshotTicks is not null;

    public BlobKey Base => this with { SnapshotTicks = null };

    public static bool TryParse(string? uri, out BlobKey key)
    {
        key = default;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")) return false;
        var parts = new BlobUriBuilder(parsed);
        if (string.IsNullOrEmpty(parts.AccountName) || string.IsNullOrEmpty(parts.BlobContainerName) || string.IsNullOrEmpty(parts.BlobName)) return false;
        long? snapshot = null;
        if (!string.IsNullOrEmpty(parts.Snapshot))
        {
            if (!DateTimeOffset.TryParse(parts.Snapshot, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return false;
            snapshot = at.UtcTicks;
        }
        key = new BlobKey(parts.AccountName.ToLowerInvariant(), parts.BlobContainerName, parts.BlobName, snapshot);
        return true;
    }

    public static BlobKey Of(string account, string container, string name, string? snapshot) =>
        new(account.ToLowerInvariant(), container, name,
            string.IsNullOrEmpty(snapshot) ? null : DateTimeOffset.Parse(snapshot, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcTicks);
}
