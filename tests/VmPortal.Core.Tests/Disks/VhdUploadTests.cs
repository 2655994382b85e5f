using VmPortal.Core.Disks;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Disks;

[Collection(typeof(AzuriteCollection))]
public sealed class VhdUploadTests(AzuriteFixture azurite) : DiskStoreTestBase(azurite)
{
    private const long DataSize = 64 * MiB;
    private readonly string _folder = Directory.CreateTempSubdirectory("vmportal-vhd-").FullName;
    private readonly VhdUpload _upload = new();

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_sparse_VHD_uploads_only_its_non_zero_chunks_and_the_blob_equals_the_file()
    {
        var file = WriteSparseVhd();
        var reports = new List<VhdUploadProgress>();

        var result = await _upload.UploadAsync(file, Primary, UniqueName("up") + ".vhd", new SyncProgress(reports.Add));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(8 * MiB + 512, result.BytesWritten);
        Assert.Equal(new VhdUploadProgress(DataSize + 512, 8 * MiB + 512, DataSize + 512), reports[^1]);
        Assert.Equal([new DiskRange(4 * MiB, 4 * MiB), new DiskRange(40 * MiB, 4 * MiB), new DiskRange(DataSize, 512)],
            await Store.GetAllocatedRangesAsync(result.Blob!));
        Assert.Equal(await File.ReadAllBytesAsync(file), await ReadAsync(result.Blob!, 0, DataSize + 512));
    }

    public static TheoryData<string, VhdFooterProblem> BrokenFiles => new()
    {
        { "truncated", VhdFooterProblem.NotAVhd },
        { "dynamic", VhdFooterProblem.DynamicVhd },
        { "differencing", VhdFooterProblem.DifferencingVhd },
        { "bad-checksum", VhdFooterProblem.BadChecksum },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task A_file_that_is_not_a_fixed_VHD_is_refused_with_the_reason_and_creates_no_blob(string damage, VhdFooterProblem problem)
    {
        var file = WriteSparseVhd();
        Damage(file, damage);
        var name = UniqueName("up") + ".vhd";

        var result = await _upload.UploadAsync(file, Primary, name);

        Assert.Equal(VhdUploadOutcome.InvalidVhd, result.Outcome);
        Assert.Equal(problem, result.Problem);
        Assert.False(await Primary.Vhds.GetBlobClient(name).ExistsAsync());
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("observer threw")]
    public async Task An_interrupted_upload_resumes_where_it_stopped_and_finishes_with_the_files_content(string interruption)
    {
        var file = WriteSparseVhd();
        var name = UniqueName("up") + ".vhd";
        using var cancel = new CancellationTokenSource();
        var stopAfterFirstChunk = new SyncProgress(p =>
        {
            if (p.BytesWritten == 0) return;
            if (interruption == "cancelled") cancel.Cancel();
            else throw new IOException("The observer went away.");
        });

        var stopped = await Record.ExceptionAsync(() => _upload.UploadAsync(file, Primary, name, stopAfterFirstChunk, cancel.Token));
        Assert.IsAssignableFrom(interruption == "cancelled" ? typeof(OperationCanceledException) : typeof(IOException), stopped);
        var resumed = await _upload.UploadAsync(file, Primary, name);

        Assert.True(resumed.Succeeded, resumed.Message);
        Assert.Equal(4 * MiB + 512, resumed.BytesWritten); // the first chunk was not sent again
        Assert.Equal(await File.ReadAllBytesAsync(file), await ReadAsync(resumed.Blob!, 0, DataSize + 512));
    }

    [Fact]
    public async Task A_different_file_never_resumes_into_an_unfinished_upload()
    {
        var first = WriteSparseVhd();
        var name = UniqueName("up") + ".vhd";
        await Assert.ThrowsAsync<IOException>(() =>
            _upload.UploadAsync(first, Primary, name, new SyncProgress(p => { if (p.BytesWritten > 0) throw new IOException("stop"); })));
        var other = WriteSparseVhd("other.vhd");

        var result = await _upload.UploadAsync(other, Primary, name);

        Assert.Equal(VhdUploadOutcome.BlobHoldsOtherContent, result.Outcome);
        Assert.True((await _upload.UploadAsync(first, Primary, name)).Succeeded);
    }

    /// <summary>64 MiB + 512: data in two separated 4 MiB chunks (1 and 10), zeros elsewhere, a fresh footer.</summary>
    private string WriteSparseVhd(string fileName = "disk.vhd")
    {
        var path = Path.Combine(_folder, fileName);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.SetLength(DataSize + 512);
        foreach (var at in new[] { 5 * MiB, 40 * MiB + 4096 })
        {
            stream.Position = at;
            stream.Write(RandomBytes((int)MiB));
        }
        stream.Position = DataSize;
        stream.Write(VhdFooter.ForFixedDisk(DataSize).ToBytes());
        return path;
    }

    private static void Damage(string path, string damage)
    {
        var footer = VhdFooter.ForFixedDisk(DataSize);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        switch (damage)
        {
            case "truncated":
                stream.SetLength(DataSize + 512 - MiB);
                return;
            case "dynamic":
                stream.Position = DataSize;
                stream.Write((footer with { DiskType = VhdDiskType.Dynamic, DataOffset = 512 }).ToBytes());
                return;
            case "differencing":
                stream.Position = DataSize;
                stream.Write((footer with { DiskType = VhdDiskType.Differencing, DataOffset = 512 }).ToBytes());
                return;
            case "bad-checksum":
                stream.Position = DataSize + 100;
                stream.WriteByte(0xFF);
                return;
        }
    }

    /// <summary>Reports synchronously on the uploading thread, so an observer can stop the upload at an exact point.</summary>
    private sealed class SyncProgress(Action<VhdUploadProgress> report) : IProgress<VhdUploadProgress>
    {
        public void Report(VhdUploadProgress value) => report(value);
    }
}
