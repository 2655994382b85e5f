using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;

namespace VmPortal.PowerShell;

/// <summary>
/// The classic <c>Add-AzureVhd</c> over the portal's uploads (R18): a local fixed VHD into a page blob, sparse (all-zero
/// chunks are never sent) and resumable (an unfinished upload of the same name and size is continued: the portal says which
/// ranges it already has), with a progress bar; the footer is checked before anything is sent and again by the portal at the end.
/// </summary>
[Cmdlet(VerbsCommon.Add, "AzureVhd", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class AddAzureVhd : PortalCmdlet, IDisposable
{
    private const string Container = "vhds";
    private readonly CancellationTokenSource _stopping = new();

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Dst")]
    public string Destination { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Src", "Source")]
    public string LocalFilePath { get; set; } = "";

    [Parameter]
    [ArgumentCompleter(typeof(LocationCompleter))]
    public string? Location { get; set; }

    [Parameter]
    [Alias("th")]
    [ValidateRange(1, 64)]
    public int NumberOfUploaderThreads { get; set; } = 8;

    [Parameter]
    [Alias("o")]
    public SwitchParameter OverWrite { get; set; }

    protected override object? Target => Destination;

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    protected override void Run()
    {
        var path = GetUnresolvedProviderPathFromPSPath(LocalFilePath);
        if (!File.Exists(path)) throw new PortalApiException("ValidationFailed", $"The file '{path}' does not exist.");
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(file);
        if (FixedVhdProblem(file, length) is { } problem)
            throw new PortalApiException("InvalidVhd", $"'{path}' is not a fixed VHD: {problem} Nothing was sent.");
        var (name, location) = ResolveDestination();
        if (!ShouldProcess($"{name}.vhd ({length} bytes) in {location}", "Upload the VHD")) return;

        var upload = FindOrStart(name, location, length);
        var id = upload["id"]!.GetValue<string>();
        var (sent, skipped) = upload["state"]!.GetValue<string>() == "Complete" ? (0L, length) : Send(file, path, id, length, upload);
        var completed = Session.Send(HttpMethod.Post, $"/api/uploads/{id}/complete", null)!;

        var result = new PSObject();
        result.Properties.Add(new PSNoteProperty("DestinationUri", new Uri(completed["mediaLink"]!.GetValue<string>())));
        result.Properties.Add(new PSNoteProperty("LocalFilePath", new FileInfo(path)));
        result.Properties.Add(new PSNoteProperty("UploadId", id));
        result.Properties.Add(new PSNoteProperty("BytesSent", sent));
        result.Properties.Add(new PSNoteProperty("BytesSkipped", skipped));
        result.TypeNames.Insert(0, "VmPortal.VhdUploadContext");
        WriteObject(result);
    }

    /// <summary>The upload of this name to continue (same size, not -OverWrite), or a new one.</summary>
    private JsonNode FindOrStart(string name, string location, long length)
    {
        var existing = Session.Get($"/api/uploads?name={Uri.EscapeDataString(name)}")!["items"]!.AsArray().FirstOrDefault();
        if (existing is not null && (OverWrite || existing["sizeBytes"]!.GetValue<long>() != length))
        {
            if (!OverWrite)
                throw new PortalApiException("NameConflict",
                    $"An unfinished upload named '{name}' holds a file of {existing["sizeBytes"]} bytes, not {length}; use -OverWrite to start again, or another -Destination.");
            Session.Send(HttpMethod.Delete, $"/api/uploads/{existing["id"]}", null);
            existing = null;
        }
        if (existing is not null)
        {
            WriteVerbose($"Resuming upload {existing["id"]} of {existing["blobUri"]}.");
            return existing;
        }
        return Session.Send(HttpMethod.Post, "/api/uploads", new JsonObject { ["name"] = name, ["sizeBytes"] = length, ["location"] = location })!;
    }

    /// <summary>
    /// Sends every chunk the portal does not have yet and that is not all zeros, on <see cref="NumberOfUploaderThreads"/>
    /// threads, while this thread shows the progress (Write-Progress only works from the pipeline's thread).
    /// </summary>
    private (long Sent, long Skipped) Send(SafeFileHandle file, string path, string id, long length, JsonNode upload)
    {
        var chunk = upload["chunkBytes"]!.GetValue<int>();
        var received = (upload["receivedRanges"]?.AsArray() ?? [])
            .Select(r => (Start: r!["start"]!.GetValue<long>(), End: r["end"]!.GetValue<long>())).ToList();
        var chunks = (int)((length + chunk - 1) / chunk);
        long next = -1, sent = 0, skipped = 0;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var workers = Enumerable.Range(0, Math.Min(NumberOfUploaderThreads, chunks)).Select(_ => Task.Run(() =>
        {
            var buffer = new byte[chunk];
            long index;
            while ((index = Interlocked.Increment(ref next)) < chunks && !failed.IsCancellationRequested)
            {
                var offset = index * chunk;
                var count = (int)Math.Min(chunk, length - offset);
                if (received.Any(r => r.Start <= offset && r.End >= offset + count))
                {
                    Interlocked.Add(ref skipped, count);
                    continue;
                }
                ReadFully(file, buffer.AsSpan(0, count), offset);
                if (!buffer.AsSpan(0, count).ContainsAnyExcept((byte)0))
                {
                    Interlocked.Add(ref skipped, count);
                    continue;
                }
                try
                {
                    Session.Put($"/api/uploads/{id}?offset={offset}", buffer, count);
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
                Interlocked.Add(ref sent, count);
            }
        })).ToArray();

        var progress = new ProgressRecord(Math.Abs(id.GetHashCode()) % 100000 + 1, $"Uploading {Path.GetFileName(path)}", "Starting");
        var all = Task.WhenAll(workers);
        while (!all.Wait(250))
        {
            Report(progress, Interlocked.Read(ref sent), Interlocked.Read(ref skipped), length);
            WriteProgress(progress);
        }
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        if (all.IsFaulted) throw all.Exception!.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? all.Exception;
        _stopping.Token.ThrowIfCancellationRequested();
        return (sent, skipped);
    }

    private static void Report(ProgressRecord progress, long sent, long skipped, long length)
    {
        progress.PercentComplete = (int)Math.Min(100, (sent + skipped) * 100 / length);
        progress.StatusDescription = $"{Mib(sent)} MiB sent, {Mib(skipped)} MiB of zeros or already there skipped, of {Mib(length)} MiB";
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);

    /// <summary>Where the blob goes: a name (in <c>-Location</c>, or the first location with a storage account), or a blob URI of one of the portal's accounts.</summary>
    private (string Name, string Location) ResolveDestination()
    {
        var accounts = Session.GetAll("/api/storage-accounts").ToList();
        if (!Uri.TryCreate(Destination, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            var location = Location ?? accounts.FirstOrDefault()?["location"]?.GetValue<string>()
                ?? throw new PortalApiException("ValidationFailed", "The portal has no storage account to upload into.");
            return (StripVhd(Destination), location);
        }
        foreach (var account in accounts)
        {
            var endpoint = account["blobEndpoint"]!.GetValue<string>().TrimEnd('/') + "/";
            if (!uri.AbsoluteUri.StartsWith(endpoint, StringComparison.OrdinalIgnoreCase)) continue;
            var rest = Uri.UnescapeDataString(uri.AbsoluteUri[endpoint.Length..]);
            if (!rest.StartsWith(Container + "/", StringComparison.Ordinal) || rest.Count(c => c == '/') != 1 || uri.Query.Length > 0)
                throw new PortalApiException("ValidationFailed", $"{uri} is not a blob of the '{Container}' container; the portal keeps disks as {endpoint}{Container}/<name>.vhd.");
            return (StripVhd(rest[(Container.Length + 1)..]), account["location"]!.GetValue<string>());
        }
        throw new PortalApiException("ValidationFailed",
            $"{uri} is in none of the portal's storage accounts ({string.Join(", ", accounts.Select(a => a["blobEndpoint"]))}).");
    }

    private static string StripVhd(string name) => name.EndsWith(".vhd", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;

    /// <summary>Why the file cannot be a fixed VHD, from its length and footer (the portal checks again, fully, at the end); null when it may be one.</summary>
    private static string? FixedVhdProblem(SafeFileHandle file, long length)
    {
        if (length < 512) return $"it is {length} bytes long, shorter than a VHD footer.";
        var footer = new byte[512];
        ReadFully(file, footer, length - 512);
        if (Encoding.ASCII.GetString(footer, 0, 8) != "conectix") return "its last 512 bytes are not a VHD footer (no 'conectix' cookie).";
        var type = (footer[60] << 24) | (footer[61] << 16) | (footer[62] << 8) | footer[63];
        if (type != 2) return type == 3 ? "it is a dynamically expanding VHD; convert it to a fixed VHD first (Convert-VHD -VHDType Fixed)." : $"its disk type is {type}, not fixed (2).";
        if ((length - 512) % (1024 * 1024) != 0) return $"its data area is {length - 512} bytes, not a whole number of MiB.";
        return null;
    }

    private static void ReadFully(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read == 0) throw new EndOfStreamException("The file became shorter while it was being uploaded.");
            buffer = buffer[read..];
            offset += read;
        }
    }
}
