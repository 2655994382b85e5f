using Azure.Core;
using Azure.Core.Pipeline;

namespace VmPortal.Testing.Faults;

/// <summary>A storage request as a fault rule sees it.</summary>
public sealed record StorageCall(RequestMethod Method, Uri Uri, Func<string, string?> Header)
{
    public string Path => Uri.AbsolutePath;
    public bool HasQuery(string name, string value) => Uri.Query.Contains($"{name}={value}", StringComparison.OrdinalIgnoreCase);

    /// <summary>A snapshot of a blob whose path contains <paramref name="blob"/>.</summary>
    public bool IsSnapshotOf(string blob) => Method == RequestMethod.Put && HasQuery("comp", "snapshot") && Path.Contains(blob);

    /// <summary>A server-side copy whose source path contains <paramref name="blob"/>.</summary>
    public bool IsCopyFrom(string blob) => Method == RequestMethod.Put && Header("x-ms-copy-source") is { } source && source.Contains(blob);

    /// <summary>A page-range read (how R8 verification starts) of a blob whose path contains <paramref name="blob"/>.</summary>
    public bool IsPageRangesOf(string blob) => Method == RequestMethod.Get && HasQuery("comp", "pagelist") && Path.Contains(blob);
}

/// <summary>
/// The test's seam into the portal's storage client: every request and every retry of it passes here first (the portal
/// adds host-registered pipeline policies to its blob clients). A rule can answer for the service (500, 503 with
/// Retry-After), break the connection, delay the answer, hold it until released, or crash the process.
/// </summary>
public sealed class StorageFaults(CrashSwitch crash) : HttpPipelinePolicy
{
    private readonly List<Rule> _rules = [];
    private readonly Lock _gate = new();

    /// <summary>How many requests reached storage through this host (the crash matrix counts them).</summary>
    public int Requests => _requests;
    private int _requests;

    public Rule When(Func<StorageCall, bool> match)
    {
        var rule = new Rule(match);
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    /// <summary>A rule that chooses each request's fault itself (null lets the request through untouched).</summary>
    public Rule Choose(Func<StorageCall, Fault?> choose)
    {
        var rule = new Rule(_ => true, choose);
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        crash.ThrowIfDown($"{message.Request.Method} {message.Request.Uri}");
        var call = new StorageCall(message.Request.Method, message.Request.Uri.ToUri(),
            name => message.Request.Headers.TryGetValue(name, out var v) ? v : null);
        Rule? rule;
        lock (_gate) rule = _rules.FirstOrDefault(r => r.Applies(call));
        Interlocked.Increment(ref _requests);
        var fault = rule?.FaultFor(call);
        if (rule is null || fault is null)
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }
        rule.Hit();
        switch (fault)
        {
            case Fault.Answer answer:
                message.Response = new SyntheticResponse(answer.Status, answer.Code, answer.RetryAfter);
                return;
            case Fault.Throw thrown:
                throw thrown.Exception();
            case Fault.Delay delay:
                await Task.Delay(delay.By, message.CancellationToken);
                await ProcessNextAsync(message, pipeline);
                return;
            case Fault.Hold hold:
                await hold.Until.WaitAsync(message.CancellationToken);
                await ProcessNextAsync(message, pipeline);
                return;
            case Fault.Crash:
                throw crash.Trip($"before {call.Method} {call.Uri}");
        }
    }

    public abstract record Fault
    {
        public sealed record Answer(int Status, string Code, TimeSpan? RetryAfter = null) : Fault;
        public sealed record Throw(Func<Exception> Exception) : Fault;
        public sealed record Delay(TimeSpan By) : Fault;
        public sealed record Hold(Task Until) : Fault;
        public sealed record Crash : Fault;
    }

    public sealed class Rule(Func<StorageCall, bool> match, Func<StorageCall, Fault?>? choose = null)
    {
        private int _remaining = int.MaxValue;
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Fault? Fault { get; private set; }

        /// <summary>Completes the first time the rule applies.</summary>
        public Task Reached => _reached.Task;

        public Rule Then(Fault fault)
        {
            Fault = fault;
            return this;
        }

        /// <summary>Applies to the first <paramref name="count"/> matching requests only.</summary>
        public Rule Times(int count)
        {
            _remaining = count;
            return this;
        }

        internal bool Applies(StorageCall call) => (Fault is not null || choose is not null) && Volatile.Read(ref _remaining) > 0 && match(call);

        internal Fault? FaultFor(StorageCall call) => choose is null ? Fault : choose(call);

        internal void Hit()
        {
            Interlocked.Decrement(ref _remaining);
            _reached.TrySetResult();
        }
    }
}
