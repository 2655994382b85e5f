using System.Diagnostics;

namespace VmPortal.Testing;

/// <summary>A tool a test runs as a process: waited for within a limit, killed with its children and failing the test past it.</summary>
public static class ChildProcess
{
    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        public bool Succeeded => ExitCode == 0;
        public override string ToString() => $"exit {ExitCode}: {Output}{Errors}";
    }

    /// <summary>Runs <paramref name="start"/> with its standard output and error captured.</summary>
    public static async Task<Run> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {limit}: {await stdout}{await stderr}");
        }
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
