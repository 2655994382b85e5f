using System.Diagnostics;
using System.Text;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>The built portal run as its own process, the way the run command runs it.</summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private PortalProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>The web project's own build output (same configuration as the tests), so its static assets resolve.</summary>
    public static string WebDll
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var dll = Path.Combine(RepoRoot.Path, "src", "VmPortal.Web", "bin", configuration, "net10.0", "VmPortal.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first.", dll);
        }
    }

    public static PortalProcess Start(params string[] args) => StartIn("Production", args);

    /// <summary>
    /// As <see cref="Start"/> in <paramref name="environment"/>. A browser needs Development: only there does a build's
    /// (unpublished) output serve the framework's static web assets, blazor.web.js among them.
    /// </summary>
    public static PortalProcess StartIn(string environment, params string[] args)
    {
        // A test run started in the background (CI, nohup, `cmd &`) inherits SIGINT ignored, and .NET keeps a signal ignored at
        // start ignored: Ctrl+C would then never reach the portal. GNU env gives it the default disposition a terminal's has.
        var psi = new ProcessStartInfo("env")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
        };
        psi.ArgumentList.Add("--default-signal=INT,QUIT");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(WebDll);
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        return new PortalProcess(Process.Start(psi)!);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The portal exited before '{text}':\n{Stdout}\n{Stderr}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"No '{text}' within {timeout}:\n{Stdout}\n{Stderr}");
            await Task.Delay(100);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // What the portal was doing when it did not stop is the only clue to why.
            throw new TimeoutException($"The portal did not exit within {timeout}:\n{Stdout}\n{Stderr}");
        }
        return _process.ExitCode;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    /// <summary>What Ctrl+C sends.</summary>
    public void Interrupt() => SysKill(_process.Id, 2);

    public void KillHard() => SysKill(_process.Id, 9);

    public static bool IsAlive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        _process.Dispose();
    }
}
