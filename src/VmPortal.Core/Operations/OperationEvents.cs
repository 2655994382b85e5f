namespace VmPortal.Core.Operations;

/// <summary>
/// In-process fan-out of operation progress, so pages update live without polling the database.
/// Subscribers get an <see cref="IDisposable"/> and must dispose it; a throwing subscriber never
/// disturbs the others or the operation.
/// </summary>
public sealed class OperationEvents
{
    private readonly Lock _gate = new();
    private Action<OperationUpdate>[] _subscribers = [];

    public IDisposable Subscribe(Action<OperationUpdate> onUpdate)
    {
        lock (_gate) _subscribers = [.. _subscribers, onUpdate];
        return new Subscription(this, onUpdate);
    }

    public void Publish(OperationUpdate update)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try { subscriber(update); }
            catch (Exception) { /* a broken listener (a closed circuit) must not fail the operation */ }
        }
    }

    private void Unsubscribe(Action<OperationUpdate> onUpdate)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => s != onUpdate).ToArray();
    }

    private sealed class Subscription(OperationEvents owner, Action<OperationUpdate> onUpdate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(onUpdate);
        }
    }
}
