using System.Diagnostics;
using System.Text;

namespace VmPortal.Qemu.Tests.Guest;

/// <summary>A qemu-system-x86_64 the test owns: its serial console collected line by line, killed when disposed.</summary>
internal sealed class Qemu : IDisposable
{
    public const string Binary = "qemu-system-x86_64";

    private readonly Process _process;
    private readonly StringBuilder _console = new();
    private readonly Lock _gate = new();
    private readonly List<(string Marker, TaskCompletionSource<string> Line)> _waiters = [];

    private Qemu(Process process) => _process = process;

    public string Console { get { lock (_gate) return _console.ToString(); } }

    public static Qemu Start(IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{Binary} could not start ({e.Message}): install Debian's qemu-system-x86 (the test command's QEMU stage does).", e);
        }
        var qemu = new Qemu(process);
        process.OutputDataReceived += (_, e) => qemu.Add(e.Data);
        process.ErrorDataReceived += (_, e) => qemu.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return qemu;
    }

    /// <summary>
    /// The first console line holding the marker (now or later); fails when QEMU ends first. Contains, not starts
    /// with: the firmware's terminal escapes can prefix the first line the guest prints.
    /// </summary>
    public async Task<string> WaitForLineAsync(string marker, CancellationToken cancellationToken)
    {
        var line = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (SeenLine(marker) is { } seen) return seen;
            _waiters.Add((marker, line));
        }
        var exited = _process.WaitForExitAsync(cancellationToken);
        try
        {
            if (await Task.WhenAny(line.Task, exited).WaitAsync(cancellationToken) == line.Task) return await line.Task;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no console line with '{marker}' in time. Console:\n{Console}");
        }
        // Exited: the parameterless wait returns once the redirected output is read to its end.
        _process.WaitForExit();
        lock (_gate)
            if (SeenLine(marker) is { } last) return last;
        Assert.Fail($"QEMU ended ({_process.ExitCode}) before a console line with '{marker}'. Console:\n{Console}");
        return "";
    }

    private string? SeenLine(string marker) =>
        _console.ToString().Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));

    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"QEMU still runs. Console:\n{Console}");
        }
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _console.Append(line).Append('\n');
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Marker, StringComparison.Ordinal)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Line.TrySetResult(line);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
