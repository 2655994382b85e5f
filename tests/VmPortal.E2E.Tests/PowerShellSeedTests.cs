using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.Core.VirtualMachines;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests;

/// <summary>
/// R31: the seed's three PowerShell snippets, verbatim — curly quotes, en dashes and all — run by real PowerShell
/// (the repository's tool manifest) with the VmPortal module against the running portal.
/// </summary>
public sealed class PowerShellSeedTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const string SeedSnippets = """
        Save-AzureVMImage –ServiceName “myServiceName” –Name “myVMtoCapture” –OSState “Generalized” –ImageName “myAwesomeVMImage” –ImageLabel “This is my Virtual Machine Image”
        "--- list"
        Get-AzureVMImage | where {(gm –InputObject $_ -Name DataDiskConfigurations) -ne $null} | Select -Property Label, ImageName | Format-List
        "--- order"
        (Get-AzureVMImage | ForEach-Object { $_.Kind }) -join ","
        "--- deploy"
        New-AzureQuickVM –Windows –Location “West US” –ServiceName “MySvc1” –Name “myVM1” –InstanceSize “Medium” –ImageName “myAwesomeVMImage” –AdminUsername “admin”–Password “adminPassword123” -WaitForBoot | Format-List Name, ServiceName, Status, GuestReady
        """;

    [Fact]
    public async Task The_seeds_capture_list_and_deploy_commands_run_as_written()
    {
        await PrepareVmToCaptureAsync();
        var module = Path.Combine(RepoRoot.Path, "src", "VmPortal.PowerShell", "bin", BuildConfiguration(), "net10.0", "VmPortal.psd1");
        Assert.True(File.Exists(module), $"Build the solution first: {module} is missing.");
        var (user, password) = PortalApp.Credentials(PortalRoles.Operator);
        var script = Path.Combine(Path.GetTempPath(), $"vmportal-seed-{Guid.NewGuid():N}.ps1");
        await File.WriteAllTextAsync(script, $$"""
            $ErrorActionPreference = 'Stop'
            $PSStyle.OutputRendering = 'PlainText'
            Import-Module '{{module}}'
            $credential = [pscredential]::new('{{user}}', (ConvertTo-SecureString '{{password}}' -AsPlainText -Force))
            Connect-VmPortal -Uri '{{app.BaseAddress}}' -Credential $credential
            {{SeedSnippets}}
            """);

        var (exitCode, output) = await RunPwshAsync(script);

        Assert.True(exitCode == 0, output);
        var list = Section(output, "--- list", "--- order");
        Assert.Contains("Label     : This is my Virtual Machine Image", list);
        Assert.Contains("ImageName : myAwesomeVMImage", list);
        Assert.DoesNotContain("Ubuntu", list); // OS images carry no DataDiskConfigurations, so the filter drops them
        var kinds = Section(output, "--- order", "--- deploy")["--- order".Length..].Trim().Split(",");
        Assert.Equal(kinds.OrderBy(k => k == "OSImage" ? 0 : 1), kinds); // OS images first, then VM images
        Assert.Contains("VMImage", kinds);
        var deployed = Section(output, "--- deploy", null);
        Assert.Contains("Name        : myVM1", deployed);
        Assert.Contains("ServiceName : mysvc1", deployed);
        Assert.Contains("Status      : ReadyRole", deployed);
        Assert.Contains("GuestReady  : True", deployed);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Core.Data.PortalDbContext>>().CreateDbContextAsync();
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "myAwesomeVMImage");
        Assert.Equal((ImageKind.VMImage, OsState.Generalized, 3), (image.Kind, image.OsState, image.Disks.Count));
        Assert.False(await db.VirtualMachines.AnyAsync(v => v.Name == "myVMtoCapture")); // a generalized capture deletes its VM
    }

    /// <summary>A Windows VM with two data disks, generalized (Sysprep) and stopped, as the seed's capture expects.</summary>
    private async Task PrepareVmToCaptureAsync()
    {
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            "myservicename", "West US", "myVMtoCapture", "Windows-Server-2012-R2-Datacenter", "Medium", VmStatus.ReadyRole, "admin",
            [new DemoData.DemoDisk(0, 10, HostCaching.ReadOnly), new DemoData.DemoDisk(1, 20, HostCaching.None)]));
        var generalize = await app.Services.GetRequiredService<VmService>().GeneralizeAsync("myservicename", "myVMtoCapture", "test");
        await app.Services.WaitForSuccessAsync(generalize.Ok().Id);
    }

    private static async Task<(int ExitCode, string Output)> RunPwshAsync(string script)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script }) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Section(string output, string start, string? end)
    {
        var from = output.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' missing in:\n{output}");
        var to = end is null ? output.Length : output.IndexOf(end, from, StringComparison.Ordinal);
        return output[from..(to < 0 ? output.Length : to)];
    }

    private static string BuildConfiguration() =>
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
}
