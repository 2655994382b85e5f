namespace VmPortal.Core;

/// <summary>
/// Fan-out to live pages, so they update without polling the database. Subscribers get an <see cref="IDisposable"/>
/// and must dispose it; a throwing subscriber (a closed circuit) never disturbs the others or the sender. What this
/// instance publishes also goes to its relay, when one is connected (<see cref="RelayTo"/>), which carries it to the
/// other instances sharing the database; what they publish arrives through <see cref="Deliver"/>.
/// </summary>
public class Broadcast<T>
{
    private readonly Lock _gate = new();
    private Action<T>[] _subscribers = [];
    private Action<T>? _relay;

    public IDisposable Subscribe(Action<T> onMessage)
    {
        lock (_gate) _subscribers = [.. _subscribers, onMessage];
        return new Subscription(this, onMessage);
    }

    /// <summary>Tells this instance's subscribers at once, and the other instances through the relay.</summary>
    public void Publish(T message)
    {
        Deliver(message);
        try { Volatile.Read(ref _relay)?.Invoke(message); }
        catch (Exception) { /* the relay queues; it must not fail the sender either */ }
    }

    /// <summary>A message another instance published: to this instance's subscribers only, never relayed back.</summary>
    public void Deliver(T message)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try { subscriber(message); }
            catch (Exception) { /* a broken listener must not fail the sender */ }
        }
    }

    /// <summary>Where this instance's own messages also go; one relay per broadcast.</summary>
    public void RelayTo(Action<T> relay) => Volatile.Write(ref _relay, relay);

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
