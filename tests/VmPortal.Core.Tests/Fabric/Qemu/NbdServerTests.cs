using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric.Qemu;
using VmPortal.Core.Tests.Disks;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric.Qemu;

/// <summary>
/// The NBD server a QEMU guest's disk goes through, driven by QEMU's own client (qemu-io, qemu-img) and, where QEMU is
/// too well-behaved, by a hostile raw client; every effect is read back from the page blob with the storage SDK.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class NbdServerTests(AzuriteFixture azurite) : DiskStoreTestBase(azurite)
{
    private const long DiskSize = 64 * MiB;
    private const int KiB = 1024;
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly List<NbdServer> _servers = [];
    private ILoggerFactory _loggers = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new CollectingLoggerProvider(_logs)));
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        _loggers.Dispose();
        // Whatever a client did, nothing reached the process as a failure of the server itself.
        Assert.DoesNotContain(_logs, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
        await base.DisposeAsync();
    }

    [Fact]
    public async Task What_qemu_writes_is_in_the_blob_at_the_same_offsets_and_unwritten_ranges_read_as_zeros()
    {
        var (disk, server) = await ServeNewDiskAsync();

        var run = await QemuUtils.IoAsync(server.Uri, "write -P 0xab 1M 64k", "read -P 0xab 1M 64k", "read -P 0 0 1M", "read -P 0 1088k 1M");

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(Filled(0xab, 64 * KiB), await ReadAsync(disk, MiB, 64 * KiB));
        Assert.Equal(new byte[4 * KiB], await ReadAsync(disk, MiB - 4 * KiB, 4 * KiB));
        Assert.Equal(new byte[4 * KiB], await ReadAsync(disk, MiB + 64 * KiB, 4 * KiB));
        Assert.Equal([new DiskRange(MiB, 64 * KiB), new DiskRange(DiskSize, 512)], await Store.GetAllocatedRangesAsync(disk));
    }

    [Fact]
    public async Task A_write_that_is_not_sector_aligned_keeps_the_neighbouring_bytes()
    {
        var (disk, server) = await ServeNewDiskAsync();
        var before = await WriteRandomAsync(disk, 16 * KiB);

        // Across seven sectors, partly covering the first and last; then ten bytes inside one sector.
        var run = await QemuUtils.IoAsync(server.Uri, "write -P 0xcd 1000 3000", "write -P 0xee 5000 10", "read -P 0xcd 1000 3000");

        Assert.True(run.Succeeded, run.ToString());
        // QEMU may align what it sends; a raw request surely reaches the server unaligned.
        await using (var client = await RawNbdClient.OpenAsync(server.Port, server.ExportName))
            Assert.Equal(0u, (await client.RequestAsync(1, 7000, 300, Filled(0x99, 300))).Error);
        var expected = before.ToArray();
        expected.AsSpan(1000, 3000).Fill(0xcd);
        expected.AsSpan(5000, 10).Fill(0xee);
        expected.AsSpan(7000, 300).Fill(0x99);
        Assert.Equal(expected, await ReadAsync(disk, 0, expected.Length));
    }

    [Fact]
    public async Task A_trim_reads_back_as_zeros_keeps_its_neighbours_and_frees_the_whole_sectors()
    {
        var (disk, server) = await ServeNewDiskAsync();
        var before = await WriteRandomAsync(disk, 64 * KiB);

        var run = await QemuUtils.IoAsync(server.Uri, "discard 1000 40000", "read -P 0 1000 40000");

        Assert.True(run.Succeeded, run.ToString());
        var expected = before.ToArray();
        expected.AsSpan(1000, 40000).Clear();
        Assert.Equal(expected, await ReadAsync(disk, 0, expected.Length));
        // Sectors 2 to 79 lie wholly inside the trim: cleared, they no longer cost storage (R2).
        var stored = await Store.GetAllocatedRangesAsync(disk);
        Assert.DoesNotContain(stored, r => r.Offset < 40 * KiB && r.End > 1024);
    }

    [Fact]
    public async Task Writes_up_to_the_last_byte_leave_the_footer_byte_identical_and_valid()
    {
        var (disk, server) = await ServeNewDiskAsync();
        var footer = await ReadAsync(disk, DiskSize, 512);

        var run = await QemuUtils.IoAsync(server.Uri, $"write -P 0x5a {DiskSize - 64 * KiB} 64k", $"write -P 0x5b {DiskSize - 100} 100");

        Assert.True(run.Succeeded, run.ToString());
        var tail = Filled(0x5a, 64 * KiB);
        tail.AsSpan(tail.Length - 100).Fill(0x5b);
        Assert.Equal(tail, await ReadAsync(disk, DiskSize - 64 * KiB, 64 * KiB));
        Assert.Equal(footer, await ReadAsync(disk, DiskSize, 512));
        var validation = await Store.ValidateAsync(disk);
        Assert.True(validation.IsValid, validation.Message);
        Assert.Equal(DiskSize, validation.Footer!.CurrentSize);
    }

    [Fact]
    public async Task Qemu_img_sees_the_disk_size_without_the_footer()
    {
        var (_, server) = await ServeNewDiskAsync();

        var run = await QemuUtils.RunAsync("qemu-img", ["info", "-f", "raw", "--output=json", server.Uri.ToString()]);

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(DiskSize, JsonDocument.Parse(run.Output).RootElement.GetProperty("virtual-size").GetInt64());
    }

    [Fact]
    public async Task Qemu_cannot_read_or_write_past_the_end_and_the_blob_stays_as_it_was()
    {
        var (disk, server) = await ServeNewDiskAsync();
        var footer = await ReadAsync(disk, DiskSize, 512);

        var write = await QemuUtils.IoAsync(server.Uri, $"write -P 0x11 {DiskSize - 512} 1024");
        var read = await QemuUtils.IoAsync(server.Uri, $"read {DiskSize - 512} 1024");

        Assert.False(write.Succeeded, write.ToString());
        Assert.False(read.Succeeded, read.ToString());
        Assert.Equal(footer, await ReadAsync(disk, DiskSize, 512));
        Assert.Equal([new DiskRange(DiskSize, 512)], await Store.GetAllocatedRangesAsync(disk));
    }

    [Fact]
    public async Task Requests_outside_the_disk_or_too_long_get_an_error_reply_change_nothing_and_the_connection_goes_on()
    {
        var (disk, server) = await ServeNewDiskAsync();
        var footer = await ReadAsync(disk, DiskSize, 512);
        await using var client = await RawNbdClient.OpenAsync(server.Port, server.ExportName);
        const uint invalid = 22, noSpace = 28;

        Assert.Equal(invalid, (await client.RequestAsync(0, (ulong)DiskSize - 512, 1024)).Error);
        Assert.Equal(invalid, (await client.RequestAsync(0, 0, 33 * (uint)MiB)).Error);
        Assert.Equal(noSpace, (await client.RequestAsync(1, (ulong)DiskSize, 512, Filled(0x22, 512))).Error);
        Assert.Equal(noSpace, (await client.RequestAsync(1, ulong.MaxValue - 100, 512, Filled(0x33, 512))).Error);
        Assert.Equal(invalid, (await client.RequestAsync(4, (ulong)DiskSize - 512, 1024)).Error);
        Assert.Equal(invalid, (await client.RequestAsync(99, 0, 0)).Error);

        var (error, data) = await client.RequestAsync(0, (ulong)DiskSize - 512, 512);
        Assert.Equal(0u, error);
        Assert.Equal(new byte[512], data);
        Assert.Equal(footer, await ReadAsync(disk, DiskSize, 512));
        Assert.Equal([new DiskRange(DiskSize, 512)], await Store.GetAllocatedRangesAsync(disk));
    }

    [Fact]
    public async Task Options_the_server_does_not_speak_are_refused_and_negotiation_goes_on()
    {
        var (_, server) = await ServeNewDiskAsync();
        await using var client = await RawNbdClient.ConnectAsync(server.Port);
        await client.SendAsync(RawNbdClient.U32(3));

        await client.SendOptionAsync(8, []); // NBD_OPT_STRUCTURED_REPLY
        Assert.Equal(0x8000_0001u, (await client.ReadOptionReplyAsync()).Reply);
        await client.SendOptionAsync(3, []); // NBD_OPT_LIST
        var listed = await client.ReadOptionReplyAsync();
        Assert.Equal(2u, listed.Reply);
        Assert.Equal(server.ExportName, Encoding.UTF8.GetString(listed.Data, 4, listed.Data.Length - 4));
        Assert.Equal(1u, (await client.ReadOptionReplyAsync()).Reply);
        await client.SendOptionAsync(2, []); // NBD_OPT_ABORT
        Assert.Equal(1u, (await client.ReadOptionReplyAsync()).Reply);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Two_connections_in_a_row_and_two_at_once_all_reach_the_same_disk()
    {
        var (disk, server) = await ServeNewDiskAsync();

        var first = await QemuUtils.IoAsync(server.Uri, "write -P 0x01 0 128k");
        var second = await QemuUtils.IoAsync(server.Uri, "read -P 0x01 0 128k", "write -P 0x02 128k 128k");
        Assert.True(first.Succeeded, first.ToString());
        Assert.True(second.Succeeded, second.ToString());
        var together = await Task.WhenAll(
            QemuUtils.IoAsync(server.Uri, "write -P 0x03 1M 1M", "read -P 0x03 1M 1M"),
            QemuUtils.IoAsync(server.Uri, "write -P 0x04 3M 1M", "read -P 0x04 3M 1M"));

        Assert.All(together, run => Assert.True(run.Succeeded, run.ToString()));
        byte[] rowWritten = [.. Filled(0x01, 128 * KiB), .. Filled(0x02, 128 * KiB)];
        Assert.Equal(rowWritten, await ReadAsync(disk, 0, 256 * KiB));
        Assert.Equal(Filled(0x03, (int)MiB), await ReadAsync(disk, MiB, MiB));
        Assert.Equal(Filled(0x04, (int)MiB), await ReadAsync(disk, 3 * MiB, MiB));
    }

    [Fact]
    public async Task Sixteen_requests_in_flight_on_one_connection_are_each_answered_and_land()
    {
        var (disk, server) = await ServeNewDiskAsync();

        // qemu-img bench keeps 16 requests in flight (QEMU's NBD client's most), with a flush after every sixteenth write.
        var writes = await QemuUtils.RunAsync("qemu-img",
            ["bench", "-f", "raw", "-w", "-d", "16", "-s", "64k", "-c", "64", "--pattern=0x3c", "--flush-interval=16", server.Uri.ToString()]);
        var reads = await QemuUtils.RunAsync("qemu-img", ["bench", "-f", "raw", "-d", "16", "-s", "64k", "-c", "64", server.Uri.ToString()]);

        Assert.True(writes.Succeeded, writes.ToString());
        Assert.True(reads.Succeeded, reads.ToString());
        Assert.Equal(Filled(0x3c, 4 * (int)MiB), await ReadAsync(disk, 0, 4 * MiB));
        Assert.Equal([new DiskRange(0, 4 * MiB), new DiskRange(DiskSize, 512)], await Store.GetAllocatedRangesAsync(disk));
    }

    [Fact]
    public async Task A_disposed_server_closes_its_connections_and_refuses_new_ones()
    {
        var (disk, server) = await ServeNewDiskAsync();
        await using var open = await RawNbdClient.OpenAsync(server.Port, server.ExportName);
        Assert.Equal(0u, (await open.RequestAsync(0, 0, 512)).Error);

        await server.DisposeAsync();

        Assert.True(await open.IsClosedByServerAsync());
        var refused = await Assert.ThrowsAsync<SocketException>(() => RawNbdClient.ConnectAsync(server.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        var run = await QemuUtils.IoAsync(server.Uri, "write -P 0x77 0 4k");
        Assert.False(run.Succeeded, run.ToString());
        Assert.Equal([new DiskRange(DiskSize, 512)], await Store.GetAllocatedRangesAsync(disk));
    }

    public static TheoryData<string> HostileClients => ["old-style flags", "wrong option magic", "absurd option length", "unknown export (GO)",
        "unknown export (EXPORT_NAME)", "too many options", "wrong request magic", "a write longer than announced"];

    [Theory]
    [MemberData(nameof(HostileClients))]
    public async Task A_hostile_client_loses_its_connection_without_touching_the_disk_and_the_next_client_is_served(string hostility)
    {
        var (disk, server) = await ServeNewDiskAsync();

        await using (var client = await ActHostileAsync(hostility, server))
            Assert.True(await client.IsClosedByServerAsync(), $"The server kept talking to a client that sent {hostility}.");

        Assert.Equal([new DiskRange(DiskSize, 512)], await Store.GetAllocatedRangesAsync(disk));
        // The server logs the break as the connection ends, which may be just after the client saw it close.
        await OperationWaits.WaitUntilAsync(() => Task.FromResult(_logs.Any(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("broke the protocol"))),
            logged => logged, $"the server to log that a client sending {hostility} broke the protocol", TimeSpan.FromSeconds(10));
        var next = await QemuUtils.IoAsync(server.Uri, "write -P 0x42 0 4k", "read -P 0x42 0 4k");
        Assert.True(next.Succeeded, next.ToString());
    }

    [Fact]
    public async Task Qemu_asking_for_another_export_fails_and_the_disk_is_untouched()
    {
        var (disk, server) = await ServeNewDiskAsync();

        var run = await QemuUtils.IoAsync(new Uri($"nbd://127.0.0.1:{server.Port}/other.vhd"), "write -P 0x66 0 4k");

        Assert.False(run.Succeeded, run.ToString());
        Assert.Equal([new DiskRange(DiskSize, 512)], await Store.GetAllocatedRangesAsync(disk));
    }

    private static async Task<RawNbdClient> ActHostileAsync(string hostility, NbdServer server)
    {
        if (hostility == "wrong request magic")
        {
            var open = await RawNbdClient.OpenAsync(server.Port, server.ExportName);
            await open.SendAsync([.. RawNbdClient.U32(0xdeadbeef), .. new byte[24]]);
            return open;
        }
        if (hostility == "a write longer than announced")
        {
            // 64 MiB of payload announced (twice the most the server takes) and some of it sent: answered EINVAL, then dropped.
            var open = await RawNbdClient.OpenAsync(server.Port, server.ExportName);
            await open.SendAsync([.. RawNbdClient.U32(NbdProtocol.RequestMagic), 0, 0, 0, 1, .. RawNbdClient.U64(7), .. RawNbdClient.U64(0),
                .. RawNbdClient.U32(64 << 20), .. Filled(0x55, 4096)]);
            return open;
        }
        var client = await RawNbdClient.ConnectAsync(server.Port);
        await client.SendAsync(RawNbdClient.U32(hostility == "old-style flags" ? 0u : 3u));
        var other = Encoding.UTF8.GetBytes("other.vhd");
        switch (hostility)
        {
            case "wrong option magic":
                await client.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"));
                break;
            case "absurd option length":
                await client.SendOptionAsync(7, [], claimedLength: 0xffff_fff0);
                break;
            case "unknown export (GO)":
                await client.SendOptionAsync(7, [.. RawNbdClient.U32((uint)other.Length), .. other, 0, 0]);
                Assert.Equal(0x8000_0006u, (await client.ReadOptionReplyAsync()).Reply);
                break;
            case "unknown export (EXPORT_NAME)":
                await client.SendOptionAsync(1, other);
                break;
            case "too many options":
                // In one write, so the server hanging up half-way cannot fail the sending.
                var option = (byte[])[.. RawNbdClient.U64(NbdProtocol.OptionMagic), .. RawNbdClient.U32(8), .. RawNbdClient.U32(0)];
                await client.SendAsync(Enumerable.Repeat(option, NbdProtocol.MaxOptions + 1).SelectMany(o => o).ToArray());
                break;
        }
        return client;
    }

    private async Task<(Uri Disk, NbdServer Server)> ServeNewDiskAsync()
    {
        var disk = await TestVhds.DataDiskAsync(Primary, DiskSize);
        var server = await NbdServer.StartAsync(Store, disk, _loggers.CreateLogger<NbdServer>());
        _servers.Add(server);
        Assert.Equal(DiskSize, server.ExportSize);
        Assert.Equal([new DiskRange(DiskSize, 512)], await Store.GetAllocatedRangesAsync(disk));
        return (disk, server);
    }

    private async Task<byte[]> WriteRandomAsync(Uri disk, int length)
    {
        var bytes = RandomBytes(length);
        await WritePageAsync(disk, 0, bytes);
        Assert.Equal(bytes, await ReadAsync(disk, 0, length));
        return bytes;
    }

    private static byte[] Filled(byte value, int length)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        return bytes;
    }
}
