using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Images;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// The VM page of a real guest: the portal on <c>Fabric:Kind=Qemu</c> runs VmPortal Linux, and the page shows what the
/// guest's serial console printed last, in both languages' pages (the console itself is the guest's, never translated).
/// </summary>
public sealed class QemuVmPageTests(QemuVmPageTests.QemuPortalApp app, Browser browser)
    : IClassFixture<QemuVmPageTests.QemuPortalApp>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 60_000 };

    public sealed class QemuPortalApp : PortalApp
    {
        private static readonly string GuestFolder = Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
                ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "vmportal", "guest");

        private readonly string _work = Directory.CreateTempSubdirectory("vmportal-qemu-e2e-").FullName;

        public static string GuestVhd => Path.Combine(GuestFolder, "vmportal-linux.vhd");

        /// <summary>The guest image, as the test command builds it (cached); a focused run builds it here.</summary>
        public static async Task EnsureGuestImageAsync()
        {
            var build = await ChildProcess.RunAsync(
                new ProcessStartInfo("bash", [Path.Combine(RepoRoot.Path, "scripts", "build-guest-image.sh"), GuestFolder]), TimeSpan.FromMinutes(5));
            Assert.True(build.Succeeded, $"scripts/build-guest-image.sh failed: {build}");
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Fabric:Kind", "Qemu");
            builder.UseSetting("Fabric:Qemu:GuestDirectory", GuestFolder);
            builder.UseSetting("Fabric:Qemu:WorkDirectory", _work);
            builder.UseSetting("Fabric:Qemu:MaxRunningVms", "1");
        }
    }

    [Fact]
    public async Task A_running_guests_page_shows_its_console_in_English_and_Chinese_pages()
    {
        await QemuPortalApp.EnsureGuestImageAsync();
        var account = app.Services.GetRequiredService<BlobAccounts>().All.First(a => a.Location == "West US").Name;
        var registered = await app.Services.GetRequiredService<ImageRegistration>().UploadOsImageAsync(QemuPortalApp.GuestVhd, account,
            new RegisterOsImageRequest("VmPortal-Linux", "VmPortal Linux", Os: "Linux"), "tests");
        Assert.True(registered.Succeeded, registered.Error?.Message);
        var deploy = await app.Services.GetRequiredService<DeployService>().DeployAsync("qemu-page", new DeployRequest("qpage01", "VmPortal-Linux", "Small",
            Location: "West US", Provisioning: new ProvisioningData("qpage01", "opsadmin", "Qemu-Page-Pa55!")), "tests");
        Assert.True(deploy.Succeeded, deploy.Error?.Message);
        await app.Services.WaitForSuccessAsync(deploy.Value.Id, TimeSpan.FromMinutes(3));

        foreach (var locale in new[] { "en-US", "zh-CN" })
        {
            var page = await browser.NewPageAsync(app, PortalRoles.Operator, locale);
            await page.OpenAsync("/vms/qemu-page/qpage01");
            var console = page.GetByTestId("console-lines");
            await Expect(console).ToContainTextAsync("vmportal-agent: ready computer=qpage01", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("console-card")).ToBeVisibleAsync(Patiently);
            await Shots.TakeAsync(page, locale == "en-US" ? "vm-qemu-console" : "zh-vm-qemu-console");
            await page.CloseAsync();
        }

        var stop = await app.Services.GetRequiredService<Core.VirtualMachines.VmService>().StopAsync("qemu-page", "qpage01", deallocate: true, "tests");
        Assert.True(stop.Succeeded, stop.Error?.Message);
        await app.Services.WaitForSuccessAsync(stop.Value.Id, TimeSpan.FromMinutes(1));
        await using var db = await app.DbAsync();
        Assert.Equal(VmStatus.StoppedDeallocated, (await db.VirtualMachines.SingleAsync(v => v.Name == "qpage01")).Status);
    }
}
