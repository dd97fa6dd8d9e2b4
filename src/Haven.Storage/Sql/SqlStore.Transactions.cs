using System.Data;
using System.Data.Common;

namespace Haven.Storage.Sql;

/// <summary>
/// One transaction around several calls. Inside <see cref="InTransactionAsync{T}"/> every read and write this
/// store makes on the same async flow goes through one connection and one transaction, so a change and the
/// audit row that records it commit together or not at all.
/// </summary>
public abstract partial class SqlStore
{
    private readonly AsyncLocal<Ambient?> _ambient = new();

    private sealed record Ambient(DbConnection Connection, DbTransaction Transaction);

    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_ambient.Value is not null)
        {
            return await work();
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        _ambient.Value = new Ambient(connection, tx);
        try
        {
            var result = await work();
            await tx.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _ambient.Value = null;
        }
    }

    /// <summary>Runs one write in its own transaction, or in the surrounding one when called inside <see cref="InTransactionAsync{T}"/>.</summary>
    protected async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken,
        IsolationLevel isolation = IsolationLevel.Unspecified)
    {
        if (_ambient.Value is { } ambient)
        {
            return await work(ambient.Connection, ambient.Transaction);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = isolation == IsolationLevel.Unspecified
            ? await connection.BeginTransactionAsync(cancellationToken)
            : await connection.BeginTransactionAsync(isolation, cancellationToken);
        var result = await work(connection, tx);
        await tx.CommitAsync(cancellationToken);
        return result;
    }
}
