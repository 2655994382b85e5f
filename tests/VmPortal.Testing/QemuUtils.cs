using System.Diagnostics;

namespace VmPortal.Testing;

/// <summary>
/// QEMU's own disk tools (<c>qemu-io</c>, <c>qemu-img</c> from Debian's qemu-utils) run as processes: the real NBD client
/// a guest's disk goes through. Fails loudly when they are not installed (the test command installs them).
/// </summary>
public static class QemuUtils
{
    /// <summary><c>qemu-io -f raw</c> on <paramref name="image"/>, one <c>-c</c> per command, in order; a failed command fails the run.</summary>
    public static Task<ChildProcess.Run> IoAsync(Uri image, params string[] commands) =>
        RunAsync("qemu-io", ["-f", "raw", image.ToString(), .. commands.SelectMany(c => new[] { "-c", c })]);

    public static Task<ChildProcess.Run> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var path = $"/usr/bin/{tool}";
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's qemu-utils (scripts/test.sh does).");
        var start = new ProcessStartInfo(path);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return ChildProcess.RunAsync(start, TimeSpan.FromMinutes(1));
    }
}
