using System.Diagnostics;
using VmPortal.Testing;

namespace VmPortal.Qemu.Tests;

/// <summary>
/// "VmPortal Linux" as scripts/build-guest-image.sh makes it (cached: a second build of the same script is instant). The
/// script installs what it needs with apt-get; a build that fails fails the tests that need it, saying why.
/// </summary>
public static class GuestImage
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _directory;

    public static string Vhd => Path.Combine(Directory, "vmportal-linux.vhd");

    public static string Directory => _directory ?? throw new InvalidOperationException("The guest image is built by BuildAsync first.");

    public static async Task<string> BuildAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_directory is not null) return _directory;
            var output = Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "vmportal", "guest");
            var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot.Path, "scripts", "build-guest-image.sh"), output])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var build = Process.Start(start)!;
            var stdout = build.StandardOutput.ReadToEndAsync();
            var stderr = build.StandardError.ReadToEndAsync();
            using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await build.WaitForExitAsync(bounded.Token);
            Assert.True(build.ExitCode == 0, $"scripts/build-guest-image.sh failed (exit {build.ExitCode}):\n{await stdout}\n{await stderr}");
            foreach (var file in new[] { "vmlinuz", "initrd.img", "vmportal-linux.vhd" })
                Assert.True(File.Exists(Path.Combine(output, file)), $"scripts/build-guest-image.sh left no {file} in {output}");
            return _directory = output;
        }
        finally { Once.Release(); }
    }
}
