using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Storage;

/// <summary>
/// Every storage account the portal uses, from <c>Storage:Accounts</c>, or — when none is configured —
/// the embedded default's accounts (one per location) on the portal's own Azurite.
/// </summary>
public sealed class BlobAccounts
{
    private readonly Dictionary<string, BlobAccount> _byName;

    public BlobAccounts(IEnumerable<BlobAccount> accounts, bool embedded)
    {
        All = accounts.ToList();
        _byName = All.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        IsEmbedded = embedded;
    }

    public IReadOnlyList<BlobAccount> All { get; }

    /// <summary>True when the accounts live on the Azurite the portal starts itself.</summary>
    public bool IsEmbedded { get; }

    public BlobAccount Get(string name) =>
        _byName.TryGetValue(name, out var account) ? account : throw new KeyNotFoundException($"No storage account '{name}'.");

    public bool TryGet(string name, out BlobAccount account) => _byName.TryGetValue(name, out account!);

    /// <summary>
    /// The account whose blob endpoint a blob URI (a disk's media link) lives under. The match includes the
    /// path separator, so Azurite's path-style <c>…/acct1</c> never claims <c>…/acct10/…</c>.
    /// </summary>
    public bool TryGetByBlobUri(Uri blobUri, out BlobAccount account)
    {
        account = All.FirstOrDefault(a => blobUri.AbsoluteUri.StartsWith(
            a.BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase))!;
        return account is not null;
    }

    /// <summary>
    /// How the portal talks to storage: a few quick retries, then the error. <paramref name="policies"/> join every
    /// request and every retry of it (the host may add its own, for telemetry or to rehearse faults).
    /// </summary>
    public static BlobClientOptions ClientOptions(IEnumerable<HttpPipelinePolicy>? policies = null)
    {
        var options = new BlobClientOptions();
        foreach (var policy in policies ?? []) options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    public static BlobAccounts Create(StorageOptions storage, PortalPaths paths, IEnumerable<HttpPipelinePolicy>? policies = null)
    {
        var options = ClientOptions(policies);
        if (storage.Accounts.Count == 0)
        {
            var embedded = EmbeddedStorageAccounts.LoadOrCreate(paths).Select(a => new BlobAccount(
                a.Account.Name, a.Location,
                AzuriteProcess.ConnectionStringFor(storage.Azurite.Host, storage.Azurite.Port, a.Account), options));
            return new BlobAccounts(embedded, embedded: true);
        }

        var configured = new List<BlobAccount>();
        for (var i = 0; i < storage.Accounts.Count; i++)
        {
            var a = storage.Accounts[i];
            if (string.IsNullOrWhiteSpace(a.Name) || string.IsNullOrWhiteSpace(a.ConnectionString))
                throw new PortalStartupException($"Storage:Accounts:{i} needs both Name and ConnectionString.");
            if (!Locations.IsKnown(a.Location))
                throw new PortalStartupException(
                    $"Storage:Accounts:{i}:Location '{a.Location}' is not a known location; use one of: {string.Join(", ", Locations.All)}.");
            try
            {
                var location = Locations.All.First(l => l.Equals(a.Location, StringComparison.OrdinalIgnoreCase));
                configured.Add(new BlobAccount(a.Name, location, a.ConnectionString, options));
            }
            catch (FormatException)
            {
                throw new PortalStartupException($"Storage:Accounts:{i}:ConnectionString is not a valid storage connection string.");
            }
        }
        return new BlobAccounts(configured, embedded: false);
    }

    /// <summary>Creates each account's <c>vhds</c> container, proving the account answers; names the one that does not.</summary>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        foreach (var account in All)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            try
            {
                await account.Vhds.CreateIfNotExistsAsync(cancellationToken: timeout.Token);
            }
            catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException or InvalidOperationException)
            {
                var why = e switch
                {
                    RequestFailedException r when r.Status is 401 or 403 => "it refused the key",
                    RequestFailedException r when r.Status > 0 => $"it answered {r.Status} {r.ErrorCode}",
                    OperationCanceledException => "it did not answer within 20 s",
                    _ => "it could not be reached",
                };
                throw new PortalStartupException(
                    $"Storage account '{account.Name}' at {account.BlobEndpoint} is unusable: {why}; check its Storage:Accounts connection string.");
            }
        }
    }
}
