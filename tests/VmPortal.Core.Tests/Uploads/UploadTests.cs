using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.StorageHealth;
using VmPortal.Core.Tests.Images;
using VmPortal.Core.Uploads;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Uploads;

/// <summary>R18 over the upload service: sparse, resumable from the blob itself, checked at completion, registered, expired.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class UploadTests(AzuriteFixture azurite) : ImageHost(azurite, new TestClock())
{
    private const long MiB = LocalVhd.MiB;

    private UploadService Uploads => Get<UploadService>();

    private static string NewName(string prefix = "up") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 11)];

    private async Task<UploadView> StartAsync(LocalVhd vhd, string? name = null, string location = "West US")
    {
        var created = await Uploads.CreateAsync(new CreateUploadRequest(name ?? NewName(), vhd.Length, location), "tests");
        return created.Ok();
    }

    /// <summary>An upload whose every byte was sent, of a file whose footer's checksum no longer matches.</summary>
    private async Task<UploadView> SendBadChecksumAsync()
    {
        var vhd = new LocalVhd(8 * MiB, OsType.Linux, 1 * MiB);
        vhd.Bytes[8 * MiB + 100] ^= 0xFF;
        var upload = await StartAsync(vhd);
        await vhd.SendAsync(Uploads, upload.Id);
        return upload;
    }

    private async Task<byte[]> ReadBlobAsync(string blobUri)
    {
        var download = await Get<DiskStore>().Resolve(new Uri(blobUri)).Blob.DownloadContentAsync();
        return download.Value.Content.ToArray();
    }

    [Fact]
    public async Task A_broken_upload_resumes_on_a_restarted_portal_sending_only_what_is_missing_and_zeros_read_back_as_zeros()
    {
        var vhd = new LocalVhd(64 * MiB, OsType.Linux, 20 * MiB, 40 * MiB + 512, 60 * MiB);
        var upload = await StartAsync(vhd);
        Assert.Equal((UploadRules.ChunkBytes, UploadState.Receiving), (upload.ChunkBytes, upload.State));
        Assert.Empty(upload.ReceivedRanges);

        var first = await vhd.SendAsync(Uploads, upload.Id, limit: 2);
        // The connection drops in the middle of the third chunk: the body ends early, and nothing of it is written.
        var third = vhd.NonZeroChunks()[2];
        var broken = await Uploads.WriteAsync(upload.Id, third, new BreakingStream(vhd.Chunk(third), breakAfter: 1 * (int)MiB), UploadRules.ChunkBytes, "tests");
        Assert.Equal(ErrorCodes.ValidationFailed, broken.Error?.Code);
        // The portal goes away and comes back: nothing about the upload was in its memory.
        await StopAsync();
        await StartAsync();

        var resumed = (await Uploads.GetAsync(upload.Id)).Ok();
        Assert.Equal(first.Select(o => new ReceivedRange(o, o + UploadRules.ChunkBytes)), resumed.ReceivedRanges);
        var second = await vhd.SendAsync(Uploads, upload.Id);

        Assert.Equal(vhd.NonZeroChunks(), first.Concat(second).Order());
        Assert.Empty(first.Intersect(second));
        Assert.Equal(5, vhd.NonZeroChunks().Count); // of 17 chunks: 12 all-zero chunks were never sent
        Assert.Equal(vhd.NonZeroChunks().Sum(o => (long)vhd.Slice(o).Length), (await Get<DiskStore>().AllocatedBytesAsync(new Uri(upload.BlobUri))));
        Assert.Equal(vhd.Bytes, await ReadBlobAsync(upload.BlobUri));
        Assert.Equal(upload.BlobUri, (await Uploads.CompleteAsync(upload.Id, "tests")).Ok().MediaLink);
    }

    [Theory]
    [InlineData(100L, 4096, "offset")]
    [InlineData(0L, 1000, "body")]
    [InlineData(0L, 0, "body")]
    [InlineData(-512L, 512, "offset")]
    [InlineData(0L, UploadRules.ChunkBytes + 512, "body")]
    [InlineData(64 * MiB, 1024, "offset")]
    public async Task A_misaligned_empty_too_long_or_out_of_range_chunk_is_ValidationFailed_and_writes_nothing(long offset, int length, string field)
    {
        var vhd = new LocalVhd(64 * MiB);
        var upload = await StartAsync(vhd);
        var body = new byte[length];
        Array.Fill(body, (byte)0xAB);

        var written = await Uploads.WriteAsync(upload.Id, offset, new MemoryStream(body), length, "tests");

        Assert.Equal((ErrorCodes.ValidationFailed, field), (written.Error?.Code, written.Error?.Field));
        Assert.Empty((await Uploads.GetAsync(upload.Id)).Ok().ReceivedRanges);
        // The same refusal without a Content-Length (a chunked body): read up to one byte past a chunk, then refused.
        var unknown = await Uploads.WriteAsync(upload.Id, offset, new MemoryStream(body), contentLength: null, "tests");
        Assert.Equal(ErrorCodes.ValidationFailed, unknown.Error?.Code);
        Assert.Empty((await Uploads.GetAsync(upload.Id)).Ok().ReceivedRanges);
        await Uploads.CompleteAsync(upload.Id, "tests"); // no footer: InvalidVhd, and the blob goes
    }

    [Fact]
    public async Task A_blob_that_is_no_fixed_VHD_is_InvalidVhd_at_completion_and_the_blob_and_the_upload_are_deleted()
    {
        var upload = await SendBadChecksumAsync();

        var completed = await Uploads.CompleteAsync(upload.Id, "tests");

        Assert.Equal(ErrorCodes.InvalidVhd, completed.Error?.Code);
        Assert.Contains("checksum", completed.Error!.Message, StringComparison.Ordinal);
        Assert.False((await Get<DiskStore>().Resolve(new Uri(upload.BlobUri)).Blob.ExistsAsync()).Value);
        Assert.Equal(ErrorCodes.NotFound, (await Uploads.GetAsync(upload.Id)).Error?.Code);
        await using var db = Db();
        Assert.Equal(AuditActions(db, upload.Id), ["CreateUpload"]);
    }

    [Fact]
    public async Task Upload_refusals_and_the_footer_check_come_out_in_Chinese_with_their_codes_unchanged()
    {
        var upload = await SendBadChecksumAsync();
        using var _ = InCulture.Chinese();

        var odd = await Uploads.CreateAsync(new CreateUploadRequest(NewName(), 3 * MiB, "West US"), "tests");
        var completed = await Uploads.CompleteAsync(upload.Id, "tests");
        var gone = await Uploads.GetAsync(upload.Id);

        Assert.Equal(("sizeBytes", ErrorCodes.ValidationFailed), (odd.Error?.Field, odd.Error!.Code));
        Assert.Contains("不是固定大小的 VHD", odd.Error.Message);
        Assert.Equal(ErrorCodes.InvalidVhd, completed.Error?.Code);
        Assert.Contains("校验和", completed.Error!.Message);
        Assert.Contains("页脚已损坏", completed.Error.Message);
        Assert.Equal(ErrorCodes.NotFound, gone.Error?.Code);
        Assert.StartsWith($"上传 {upload.Id}（", gone.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_upload_registers_as_an_OS_image_that_deploys_and_the_registration_ends_the_upload()
    {
        var vhd = new LocalVhd(16 * MiB, OsType.Linux, 4 * MiB);
        var upload = await StartAsync(vhd, "ubuntu-upload");
        await vhd.SendAsync(Uploads, upload.Id);
        var early = await Registration.RegisterOsImageAsync(new RegisterOsImageRequest("too-early", MediaLink: upload.BlobUri, Os: "Linux"), "tests");
        Assert.Equal((ErrorCodes.ValidationFailed, "mediaLink"), (early.Error?.Code, early.Error?.Field));

        var mediaLink = (await Uploads.CompleteAsync(upload.Id, "tests")).Ok().MediaLink;
        Assert.EndsWith("/vhds/ubuntu-upload.vhd", mediaLink, StringComparison.Ordinal);
        var writeAfter = await Uploads.WriteAsync(upload.Id, 0, vhd.Chunk(0), UploadRules.ChunkBytes, "tests");
        Assert.Equal(ErrorCodes.ValidationFailed, writeAfter.Error?.Code);
        var image = (await Registration.RegisterOsImageAsync(new RegisterOsImageRequest(NewName("img"), MediaLink: mediaLink, Os: "Linux"), "tests")).Ok();

        Assert.Equal(ErrorCodes.NotFound, (await Uploads.GetAsync(upload.Id)).Error?.Code);
        var service = NewName("svc");
        var deploy = await Get<DeployService>().DeployAsync(service, new DeployRequest("web", image.Name, "Small", "West US",
            WaitForBoot: true, Provisioning: new ProvisioningData("web", "azureuser", "Correct-Horse-9")), "tests");
        await this.WaitForSuccessAsync(deploy.Ok().Id);
        await using var db = Db();
        var vm = await db.VirtualMachines.Include(v => v.Disks).SingleAsync(v => v.Name == "web" && v.CloudService!.Name == service);
        Assert.Equal(image.Name, vm.SourceImageName);
        Assert.Equal(["CompleteUpload", "CreateUpload"], AuditActions(db, upload.Id));
    }

    [Fact]
    public async Task A_completed_upload_registers_as_a_data_disk_of_a_VM_image()
    {
        var os = new LocalVhd(8 * MiB, OsType.Windows, 2 * MiB);
        var data = new LocalVhd(8 * MiB, OsType.Linux, 6 * MiB);
        Array.Clear(data.Bytes, 512, 512); // a data disk holds no guest record
        var links = new List<string>();
        foreach (var vhd in new[] { os, data })
        {
            var upload = await StartAsync(vhd);
            await vhd.SendAsync(Uploads, upload.Id);
            links.Add((await Uploads.CompleteAsync(upload.Id, "tests")).Ok().MediaLink);
        }
        // The OS disk's guest record is generalized, so the image is a generalized VM image.
        var image = (await Registration.RegisterVmImageAsync(new RegisterVmImageRequest(NewName("vmimg"), null,
            new OsDiskRegistration(links[0], "Windows", "Generalized"), [new DataDiskRegistration(links[1], 0)]), "tests")).Ok();

        Assert.Equal(links[1], Assert.Single(image.DataDiskConfigurations!).MediaLink);
        await using var db = Db();
        Assert.False(await db.Uploads.AnyAsync(u => links.Contains(u.BlobUri)));
    }

    [Fact]
    public async Task An_upload_left_alone_expires_and_the_portal_deletes_its_blob()
    {
        var vhd = new LocalVhd(8 * MiB, OsType.Linux, 1 * MiB);
        var upload = await StartAsync(vhd);
        await vhd.SendAsync(Uploads, upload.Id, limit: 1);
        var blob = Get<DiskStore>().Resolve(new Uri(upload.BlobUri)).Blob;

        Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await Get<UploadExpiry>().ExpireDueAsync(TestContext.Current.CancellationToken));
        Assert.True((await blob.ExistsAsync()).Value);
        Clock.Advance(TimeSpan.FromHours(1) + UploadExpiry.RoundLength);

        // The portal's own round (under its lease) removes it. It deletes the blob before the row, and GET already answers
        // NotFound in between (the blob is gone), so the wait is for the row itself.
        await OperationWaits.WaitUntilAsync(async () =>
        {
            await using var probe = Db();
            return await probe.Uploads.AnyAsync(u => u.Id == upload.Id);
        }, exists => !exists, "the expiry round to remove the upload's row");
        Assert.Equal(ErrorCodes.NotFound, (await Uploads.GetAsync(upload.Id)).Error?.Code);
        Assert.False((await blob.ExistsAsync()).Value);
        await using var db = Db();
        Assert.Equal(["CreateUpload", "ExpireUpload"], AuditActions(db, upload.Id));
    }

    [Fact]
    public async Task Each_chunk_moves_the_expiry_on()
    {
        var vhd = new LocalVhd(8 * MiB, OsType.Linux, 1 * MiB);
        var upload = await StartAsync(vhd);
        Clock.Advance(TimeSpan.FromHours(20));

        await vhd.SendAsync(Uploads, upload.Id, limit: 1);
        Clock.Advance(TimeSpan.FromHours(20));

        Assert.Equal(0, await Get<UploadExpiry>().ExpireDueAsync(TestContext.Current.CancellationToken));
        Assert.Equal(UploadState.Receiving, (await Uploads.GetAsync(upload.Id)).Ok().State);
        await vhd.SendAsync(Uploads, upload.Id);
        (await Uploads.CompleteAsync(upload.Id, "tests")).Ok();
        await RegisterAsDataDiskImageAsync(upload.BlobUri);
    }

    [Fact]
    public async Task The_health_check_counts_an_upload_in_progress_as_a_reference_not_an_orphan()
    {
        var vhd = new LocalVhd(8 * MiB, OsType.Linux, 1 * MiB);
        var upload = await StartAsync(vhd);
        await vhd.SendAsync(Uploads, upload.Id, limit: 1);

        var report = await Get<StorageHealthCheck>().CheckAsync();

        Assert.DoesNotContain(report.Problems, p => p.Blob == upload.BlobUri);
        var repair = await Get<StorageRepair>().RepairAsync(new StorageRepairRequest([StorageProblemIds.For(StorageProblemKind.OrphanBlob, upload.BlobUri)]), "tests");
        Assert.Equal(ErrorCodes.BlobInUse, repair.Error?.Code);
        Assert.True((await Get<DiskStore>().Resolve(new Uri(upload.BlobUri)).Blob.ExistsAsync()).Value);
        await vhd.SendAsync(Uploads, upload.Id);
        (await Uploads.CompleteAsync(upload.Id, "tests")).Ok();
        await RegisterAsDataDiskImageAsync(upload.BlobUri);
    }

    [Fact]
    public async Task A_name_whose_blob_exists_is_NameConflict_and_the_blob_is_left_as_it_was()
    {
        var existing = await TestVhds.DataDiskAsync(West);
        var name = Path.GetFileNameWithoutExtension(existing.AbsolutePath);

        var created = await Uploads.CreateAsync(new CreateUploadRequest(name, 8 * MiB + 512, "West US"), "tests");

        Assert.Equal((ErrorCodes.NameConflict, "name"), (created.Error?.Code, created.Error?.Field));
        Assert.True((await Get<DiskStore>().ValidateAsync(existing)).IsValid);
        await Registration.RegisterVmImageAsync(new RegisterVmImageRequest(NewName("keep"), null,
            new OsDiskRegistration((await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: false)).AbsoluteUri, "Linux", "Specialized"),
            [new DataDiskRegistration(existing.AbsoluteUri, 0)]), "tests");
    }

    public static TheoryData<string?, long?, string?, string, string> Hostile => new()
    {
        { "../../etc/passwd", 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { "nul\0byte", 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { "line\nbreak", 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { "ubuntu\u200B", 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { "Ubuntu-\u0435", 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { new string('a', 129), 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { "", 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { null, 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { "-dash-first", 8 * MiB + 512, "West US", ErrorCodes.InvalidName, "name" },
        { "fine", null, "West US", ErrorCodes.ValidationFailed, "sizeBytes" },
        { "fine", 8 * MiB, "West US", ErrorCodes.ValidationFailed, "sizeBytes" },
        { "fine", 512, "West US", ErrorCodes.InvalidSize, "sizeBytes" },
        { "fine", -1, "West US", ErrorCodes.InvalidSize, "sizeBytes" },
        { "fine", long.MaxValue, "West US", ErrorCodes.InvalidSize, "sizeBytes" },
        { "fine", 1024 * 1024 * MiB + 512, "West US", ErrorCodes.InvalidSize, "sizeBytes" },
        { "fine", 8 * MiB + 512, "Mars", ErrorCodes.ValidationFailed, "location" },
        { "fine", 8 * MiB + 512, null, ErrorCodes.ValidationFailed, "location" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_input_is_refused_before_anything_is_created(string? name, long? size, string? location, string code, string field)
    {
        var before = await West.Vhds.GetBlobsAsync().CountAsync();

        var created = await Uploads.CreateAsync(new CreateUploadRequest(name, size, location), "tests");

        Assert.Equal((code, field), (created.Error?.Code, created.Error?.Field));
        Assert.DoesNotContain('\0', created.Error!.Message);
        Assert.DoesNotContain('\n', created.Error.Message);
        Assert.Equal(before, await West.Vhds.GetBlobsAsync().CountAsync());
        await using var db = Db();
        Assert.False(await db.Uploads.AnyAsync());
    }

    [Fact]
    public async Task An_unknown_upload_is_NotFound_on_every_call()
    {
        var id = Guid.NewGuid();
        Assert.Equal(ErrorCodes.NotFound, (await Uploads.GetAsync(id)).Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await Uploads.WriteAsync(id, 0, new MemoryStream(new byte[512]), 512, "tests")).Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await Uploads.CompleteAsync(id, "tests")).Error?.Code);
    }

    private async Task RegisterAsDataDiskImageAsync(string blobUri) =>
        (await Registration.RegisterVmImageAsync(new RegisterVmImageRequest(NewName("keep"), null,
            new OsDiskRegistration((await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: false)).AbsoluteUri, "Linux", "Specialized"),
            [new DataDiskRegistration(blobUri, 0)]), "tests")).Ok();

    private static List<string> AuditActions(Data.PortalDbContext db, Guid id)
    {
        var target = OperationTargets.Upload(id);
        return db.AuditEntries.AsNoTracking().Where(e => e.Resource == target).Select(e => e.Action).AsEnumerable().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A request body whose connection drops after <c>breakAfter</c> bytes.</summary>
    private sealed class BreakingStream(Stream inner, int breakAfter) : Stream
    {
        private int _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= breakAfter) return 0;
            var n = inner.Read(buffer, offset, Math.Min(count, breakAfter - _read));
            _read += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
