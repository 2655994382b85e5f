using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VmPortal.Testing;

/// <summary>Keeps every log line (with its exception) in <paramref name="sink"/>, so tests can prove what never reaches a log.</summary>
public sealed class CollectingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, sink);
    public void Dispose() { }

    private sealed class Collector(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
