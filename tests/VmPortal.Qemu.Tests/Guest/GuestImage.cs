using System.Diagnostics;
using VmPortal.Testing;

namespace VmPortal.Qemu.Tests.Guest;

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
        var watch = Stopwatch.StartNew();
        var run = await ChildProcess.RunAsync(new ProcessStartInfo("bash", [Script, Folder]), TimeSpan.FromMinutes(5));
        return new BuildRun(run.ExitCode, run.Output + run.Errors, watch.Elapsed);
    }

    public sealed record BuildRun(int ExitCode, string Output, TimeSpan Took);
}
