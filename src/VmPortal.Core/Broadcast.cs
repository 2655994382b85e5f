namespace VmPortal.Core;

/// <summary>
/// In-process fan-out, so pages update live without polling the database. Subscribers get an
/// <see cref="IDisposable"/> and must dispose it; a throwing subscriber (a closed circuit) never disturbs
/// the others or the sender.
/// </summary>
public class Broadcast<T>
{
    private readonly Lock _gate = new();
    private Action<T>[] _subscribers = [];

    public IDisposable Subscribe(Action<T> onMessage)
    {
        lock (_gate) _subscribers = [.. _subscribers, onMessage];
        return new Subscription(this, onMessage);
    }

    public void Publish(T message)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try { subscriber(message); }
            catch (Exception) { /* a broken listener must not fail the sender */ }
        }
    }

    private void Unsubscribe(Action<T> onMessage)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => s != onMessage).ToArray();
    }

    private sealed class Subscription(Broadcast<T> owner, Action<T> onMessage) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(onMessage);
        }
    }
}
