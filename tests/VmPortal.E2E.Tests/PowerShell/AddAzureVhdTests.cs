using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Disks;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.PowerShell;

/// <summary>
/// <c>Add-AzureVhd</c> in real PowerShell against the running portal: sparse (zero chunks never sent), resumable (a started
/// upload is continued with only what the portal lacks), the classic output object, and a broken file refused before anything is sent.
/// </summary>
public sealed class AddAzureVhdTests(PortalApp app) : IClassFixture<PortalApp>, IDisposable
{
    private const long MiB = VhdFooter.MiB;
    private readonly string _folder = Directory.CreateTempSubdirectory("vmportal-addvhd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Connect()
    {
        var (user, password) = PortalApp.Credentials(Core.Security.PortalRoles.Operator);
        return Pwsh.Connect(app.BaseAddress, user, password);
    }

    [Fact]
    public async Task A_sparse_VHD_is_uploaded_sending_only_its_non_zero_chunks_and_the_blob_equals_the_file()
    {
        // 64 MiB of data, written in chunks 0 (guest record), 5 and 12; the footer is a chunk of its own.
        var file = SparseVhdFile.Write(Path.Combine(_folder, "sparse.vhd"), 64 * MiB, [21 * MiB, 50 * MiB]);

        var results = await Pwsh.JsonAsync($$"""
            $context = Add-AzureVhd -Destination ps-sparse -LocalFilePath '{{file}}' -Location 'West US' -NumberOfUploaderThreads 3
            $results = [ordered]@{
                Destination = "$($context.DestinationUri)"; Local = $context.LocalFilePath.FullName
                Sent = $context.BytesSent; Skipped = $context.BytesSkipped; Type = $context.PSObject.TypeNames[0]
            }
            """, Connect());

        var destination = results.GetProperty("Destination").GetString()!;
        Assert.EndsWith("/vhds/ps-sparse.vhd", destination, StringComparison.Ordinal);
        Assert.Equal(file, results.GetProperty("Local").GetString());
        Assert.Equal(3 * 4 * MiB + 512, results.GetProperty("Sent").GetInt64());
        Assert.Equal(new FileInfo(file).Length - (3 * 4 * MiB + 512), results.GetProperty("Skipped").GetInt64());
        Assert.Equal(await File.ReadAllBytesAsync(file), await ReadBlobAsync(destination));
        Assert.Equal(3 * 4 * MiB + 512, await app.Services.GetRequiredService<DiskStore>().AllocatedBytesAsync(new Uri(destination)));
    }

    [Fact]
    public async Task An_interrupted_upload_is_resumed_by_name_or_blob_uri_and_only_the_missing_chunks_are_sent()
    {
        var file = SparseVhdFile.Write(Path.Combine(_folder, "resume.vhd"), 32 * MiB, [9 * MiB, 17 * MiB, 30 * MiB]);
        var bytes = await File.ReadAllBytesAsync(file);
        // A first run got as far as two chunks before the connection dropped.
        using var http = app.CreateClient(Core.Security.PortalRoles.Operator);
        var upload = await (await http.PostJsonAsync("/api/uploads", new { name = "ps-resume", sizeBytes = bytes.Length, location = "West US" }))
            .JsonAsync(HttpStatusCode.Created);
        var id = upload.GetProperty("id").GetString();
        foreach (var offset in new[] { 0L, 8 * MiB })
        {
            using var chunk = new ByteArrayContent(bytes, (int)offset, (int)(4 * MiB));
            chunk.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync($"/api/uploads/{id}?offset={offset}", chunk)).StatusCode);
        }
        var blobUri = upload.GetProperty("blobUri").GetString();

        var results = await Pwsh.JsonAsync($$"""
            $context = Add-AzureVhd '{{blobUri}}' '{{file}}'
            $again = Add-AzureVhd ps-resume '{{file}}'
            $results = [ordered]@{ Sent = $context.BytesSent; Id = $context.UploadId; Again = $again.BytesSent; AgainId = $again.UploadId }
            """, Connect());

        // Chunks 4 and 7 were missing (16 MiB and 28 MiB), and the footer; 0 and 2 were there, the rest is zeros.
        Assert.Equal(2 * 4 * MiB + 512, results.GetProperty("Sent").GetInt64());
        Assert.Equal(id, results.GetProperty("Id").GetString());
        Assert.Equal(bytes, await ReadBlobAsync(blobUri!));
        // Run again once complete (not yet registered): the same upload, nothing left to send.
        Assert.Equal((0L, id), (results.GetProperty("Again").GetInt64(), results.GetProperty("AgainId").GetString()));
    }

    [Fact]
    public async Task A_dynamic_VHD_is_refused_before_anything_is_sent_and_OverWrite_starts_an_unfinished_upload_again()
    {
        var file = SparseVhdFile.Write(Path.Combine(_folder, "dynamic.vhd"), 8 * MiB, []);
        var bytes = await File.ReadAllBytesAsync(file);
        var footer = VhdFooter.Parse(bytes.AsSpan(bytes.Length - 512))! with { DiskType = VhdDiskType.Dynamic, DataOffset = 512 };
        footer.ToBytes().CopyTo(bytes, bytes.Length - 512);
        await File.WriteAllBytesAsync(file, bytes);
        var good = SparseVhdFile.Write(Path.Combine(_folder, "good.vhd"), 8 * MiB, [3 * MiB]);
        using var http = app.CreateClient(Core.Security.PortalRoles.Operator);
        var stale = await (await http.PostJsonAsync("/api/uploads", new { name = "ps-over", sizeBytes = 16 * MiB + 512, location = "West US" }))
            .JsonAsync(HttpStatusCode.Created);

        var results = await Pwsh.JsonAsync($$"""
            Add-AzureVhd ps-dynamic '{{file}}' -ErrorAction SilentlyContinue -ErrorVariable dynamic
            Add-AzureVhd ps-over '{{good}}' -ErrorAction SilentlyContinue -ErrorVariable otherSize
            $over = Add-AzureVhd ps-over '{{good}}' -OverWrite
            $results = [ordered]@{
                Dynamic = "$($dynamic[0].FullyQualifiedErrorId)"; DynamicMessage = "$($dynamic[0])"
                OtherSize = "$($otherSize[0].FullyQualifiedErrorId)"; Over = "$($over.DestinationUri)"; OverId = $over.UploadId
            }
            """, Connect());

        Assert.StartsWith("InvalidVhd", results.GetProperty("Dynamic").GetString(), StringComparison.Ordinal);
        Assert.Contains("dynamically expanding", results.GetProperty("DynamicMessage").GetString(), StringComparison.Ordinal);
        await using var db = await app.DbAsync();
        Assert.False(await db.Uploads.AnyAsync(u => u.Name == "ps-dynamic"));
        Assert.StartsWith("NameConflict", results.GetProperty("OtherSize").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(stale.GetProperty("id").GetString(), results.GetProperty("OverId").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(good), await ReadBlobAsync(results.GetProperty("Over").GetString()!));
    }

    private async Task<byte[]> ReadBlobAsync(string blobUri) =>
        (await app.Services.GetRequiredService<DiskStore>().Resolve(new Uri(blobUri)).Blob.DownloadContentAsync()).Value.Content.ToArray();
}
