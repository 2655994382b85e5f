using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VmPortal.Core.Storage;

/// <summary>
/// An Azurite blob service run as a child process: started on a loopback port with its data in a folder,
/// ready when it says it listens, stopped by its process id. A small supervisor script ends it when the
/// portal's process disappears without a clean shutdown, so no emulator is left behind and what it holds is saved.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string Supervisor = """
        // Written by VmPortal: runs Azurite's blob service and stops it when the portal process is gone.
        const parent = Number(process.env.VMPORTAL_PARENT_PID);
        // A dead portal leaves our stdout pipe without a reader: the next log line (Azurite's own "closing...") would end
        // the process with EPIPE before it saves its metadata, losing every blob written in the last five seconds.
        for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
        setInterval(() => {
          try { process.kill(parent, 0); } catch { process.kill(process.pid, "SIGTERM"); }
        }, 1000).unref();
        require(process.env.VMPORTAL_AZURITE_MAIN);
        """;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AzuriteProcess(Process process, string host, int port)
    {
        _process = process;
        Host = host;
        Port = port;
    }

    public string Host { get; }
    public int Port { get; }
    public int ProcessId => _process.Id;

    public string ConnectionString(AzuriteAccount account) => ConnectionStringFor(Host, Port, account);

    /// <summary>Azurite hosts accounts path-style: <c>http://host:port/account</c>.</summary>
    public static string ConnectionStringFor(string host, int port, AzuriteAccount account) =>
        $"DefaultEndpointsProtocol=http;AccountName={account.Name};AccountKey={account.Key};BlobEndpoint=http://{host}:{port}/{account.Name};";

    public static async Task<AzuriteProcess> StartAsync(
        string blobMainPath, string host, int port, string dataDirectory,
        IReadOnlyCollection<AzuriteAccount> accounts, CancellationToken cancellationToken = default)
    {
        EnsurePortFree(host, port);
        Directory.CreateDirectory(dataDirectory);
        var supervisorPath = Path.Combine(dataDirectory, "supervisor.js");
        await File.WriteAllTextAsync(supervisorPath, Supervisor, cancellationToken);

        var psi = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     supervisorPath, "--blobHost", host, "--blobPort", port.ToString(CultureInfo.InvariantCulture),
                     "--location", dataDirectory, "--skipApiVersionCheck", "--disableTelemetry", "--loose",
                 })
            psi.ArgumentList.Add(arg);
        psi.Environment["VMPORTAL_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        psi.Environment["VMPORTAL_AZURITE_MAIN"] = blobMainPath;
        psi.Environment["AZURITE_ACCOUNTS"] = string.Join(';', accounts.Select(a => $"{a.Name}:{a.Key}"));

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new PortalStartupException("Node.js ('node') was not found on PATH; install Node.js 20 or configure Storage:Accounts.");
        }

        var azurite = new AzuriteProcess(process, host, port);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => azurite.OnOutput(e.Data, ready);
        process.ErrorDataReceived += (_, e) => azurite.OnOutput(e.Data, null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync(cancellationToken);
        var timeout = Task.Delay(TimeSpan.FromSeconds(60), cancellationToken);
        var first = await Task.WhenAny(ready.Task, exited, timeout);
        if (first == ready.Task) return azurite;

        await azurite.DisposeAsync();
        var why = first == exited ? $"exited with code {SafeExitCode(process)}" : "did not answer within 60 s";
        throw new PortalStartupException($"Azurite on {host}:{port} {why}: {azurite.LastOutput()}");
    }

    private void OnOutput(string? line, TaskCompletionSource? ready)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 8192) _output.Remove(0, _output.Length - 8192);
        }
        if (ready is not null && line.Contains("successfully listens", StringComparison.Ordinal)) ready.TrySetResult();
    }

    private string LastOutput()
    {
        lock (_output)
        {
            var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "no output" : lines[^1];
        }
    }

    private static int SafeExitCode(Process process)
    {
        try { return process.ExitCode; } catch (InvalidOperationException) { return -1; }
    }

    private static void EnsurePortFree(string host, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Parse(host), port);
            listener.Start();
        }
        catch (SocketException)
        {
            throw new PortalStartupException(
                $"Port {port} on {host} is already in use, so the portal cannot start its own Azurite there; stop what uses it or set Storage:Azurite:Port.");
        }
    }

    /// <summary>Stops Azurite: SIGTERM lets it flush its metadata; after five seconds it is killed.</summary>
    private int _disposed;

    /// <summary>Once: the host's stop and the container's disposal may both ask, at the same moment.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            if (!_process.HasExited)
            {
                Signal(_process.Id, 15);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try { await _process.WaitForExitAsync(grace.Token); }
                catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }
        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    private static void Signal(int pid, int signal)
    {
        if (OperatingSystem.IsWindows() || SysKill(pid, signal) != 0)
        {
            using var p = Process.GetProcessById(pid);
            p.Kill(entireProcessTree: true);
        }
    }
}
