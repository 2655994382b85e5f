using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core.Disks;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// R18 in a real browser: the gallery's "Upload VHD" takes a sparse fixed VHD, checks its footer before sending, sends only
/// its non-zero chunks, survives a dropped connection and a reload (resuming with only what is missing), and registers the
/// blob as an OS image that the gallery then shows.
/// </summary>
public sealed class UploadVhdJourneyTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>, IDisposable
{
    private const long MiB = VhdFooter.MiB;
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };
    private readonly string _folder = Directory.CreateTempSubdirectory("vmportal-upload-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_sparse_VHD_uploaded_from_the_gallery_resumes_after_a_dropped_connection_and_a_reload_and_is_registered()
    {
        // 64 MiB of data: chunks 0 (guest record), 5, 10 and 15 hold data, then the footer: five of seventeen chunks to send.
        var file = SparseVhdFile.Write(Path.Combine(_folder, "browser-upload.vhd"), 64 * MiB, [20 * MiB, 40 * MiB, 60 * MiB]);
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        var sent = new ConcurrentQueue<long>();
        // The chunks that reached the portal (204), by offset.
        page.Response += (_, response) =>
        {
            if (response.Request.Method == "PUT" && response.Url.Contains("/upload-chunks/", StringComparison.Ordinal) && response.Status == 204)
                sent.Enqueue(long.Parse(response.Url.Split("offset=")[1], System.Globalization.CultureInfo.InvariantCulture));
        };
        // The connection drops after two chunks: every later chunk fails, as when the network goes away.
        var through = 0;
        await page.RouteAsync("**/upload-chunks/**", async route =>
        {
            if (route.Request.Method != "PUT" || Interlocked.Increment(ref through) <= 2) await route.ContinueAsync();
            else await route.AbortAsync("connectionreset");
        });

        await page.OpenAsync("/images");
        await page.GetByTestId("upload-vhd").ClickAsync();
        await Expect(page.GetByTestId("vhd-drop")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("vhd-file").SetInputFilesAsync(file);
        await Expect(page.GetByTestId("vhd-file-name")).ToContainTextAsync("browser-upload.vhd");
        await Expect(page.GetByTestId("vhd-problem")).ToHaveCountAsync(0);
        await page.GetByLabel("Blob name").FillAsync("browser-upload");
        await page.GetByTestId("upload-start").ClickAsync();
        await Expect(page.GetByTestId("upload-error")).ToContainTextAsync("connection", new() { Timeout = 90_000 });
        var before = sent.Distinct().ToList();
        await using (var db = await app.DbAsync())
            Assert.True(await db.Uploads.AnyAsync(u => u.Name == "browser-upload"), "the upload was started before the connection dropped");

        // A reload: the page forgets everything; the browser remembers the upload for this file.
        await page.UnrouteAllAsync();
        sent.Clear();
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByTestId("upload-vhd").ClickAsync();
        await Expect(page.GetByTestId("vhd-drop")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("vhd-file").SetInputFilesAsync(file);
        await Expect(page.GetByTestId("vhd-resume")).ToBeVisibleAsync(Patiently);
        await Shots.TakeAsync(page, "upload-vhd-resume");
        await page.GetByTestId("upload-start").ClickAsync();

        await Expect(page.GetByTestId("upload-done")).ToBeVisibleAsync(Patiently);
        var after = sent.ToList();
        Assert.Equal(2, before.Count);
        Assert.Equal(3, after.Count);
        Assert.Empty(before.Intersect(after));
        Assert.Equal([0L, 20 * MiB, 40 * MiB, 60 * MiB, 64 * MiB], before.Concat(after).Order());
        await Shots.TakeAsync(page, "upload-vhd-register");

        var name = ApiClient.UniqueName("uploaded");
        await page.GetByLabel("Image name").FillAsync(name);
        await page.GetByTestId("register-submit").ClickAsync();
        await Expect(page.GetByTestId("upload-vhd-dialog")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Expect(page.Locator($"[data-testid=image-card][data-name='{name}']")).ToBeVisibleAsync(Patiently);

        await using var check = await app.DbAsync();
        var image = await check.Images.Include(i => i.Disks).SingleAsync(i => i.Name == name);
        Assert.False(await check.Uploads.AnyAsync(u => u.Name == "browser-upload"), "registering ends the upload");
        var blob = app.Services.GetRequiredService<DiskStore>().Resolve(new Uri(image.Disks.Single().MediaLink)).Blob;
        Assert.Equal(await File.ReadAllBytesAsync(file), (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task A_dynamic_VHD_is_refused_in_the_browser_before_anything_is_sent()
    {
        var path = SparseVhdFile.Write(Path.Combine(_folder, "dynamic.vhd"), 8 * MiB, []);
        var bytes = await File.ReadAllBytesAsync(path);
        (VhdFooter.Parse(bytes.AsSpan(bytes.Length - 512))! with { DiskType = VhdDiskType.Dynamic, DataOffset = 512 }).ToBytes().CopyTo(bytes, bytes.Length - 512);
        await File.WriteAllBytesAsync(path, bytes);
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);

        await page.OpenAsync("/images");
        await page.GetByTestId("upload-vhd").ClickAsync();
        await Expect(page.GetByTestId("vhd-drop")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("vhd-file").SetInputFilesAsync(path);

        await Expect(page.GetByTestId("vhd-problem")).ToContainTextAsync("dynamically expanding");
        await Expect(page.GetByTestId("upload-start")).ToHaveCountAsync(0);
        await Shots.TakeAsync(page, "upload-vhd-refused");
    }
}
