using System.Diagnostics;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric.Qemu;

/// <summary>
/// VmPortal Linux as <c>scripts/build-guest-image.sh</c> builds it into its cache folder: built once per test run
/// (the script itself skips work when the folder holds a build of the same scripts, and locks the folder).
/// </summary>
internal static class GuestImage
{
    public static string Script { get; } = Path.Combine(RepoRoot.Path, "scripts", "build-guest-image.sh");

    public static string Folder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "vmportal", "guest");

    public static string Vhd => Path.Combine(Folder, "vmportal-linux.vhd");
    public static string Kernel => Path.Combine(Folder, "vmlinuz");
    public static string Initrd => Path.Combine(Folder, "initrd.img");

    private static readonly Lazy<Task<BuildRun>> FirstBuild = new(() => BuildAsync());

    /// <summary>The build this test run made or found; fails the test when the script fails.</summary>
    public static async Task<BuildRun> EnsureBuiltAsync()
    {
        var run = await FirstBuild.Value;
        Assert.True(run.ExitCode == 0, $"{Script} failed ({run.ExitCode}):\n{run.Output}");
        return run;
    }

    /// <summary>Runs the build script; a first build downloads two Debian packages and takes under a minute or two.</summary>
    public static async Task<BuildRun> BuildAsync()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(Folder);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Script} did not finish within 5 minutes: {await stdout}{await stderr}");
        }
        return new BuildRun(process.ExitCode, await stdout + await stderr, watch.Elapsed);
    }

    public sealed record BuildRun(int ExitCode, string Output, TimeSpan Took);
}
