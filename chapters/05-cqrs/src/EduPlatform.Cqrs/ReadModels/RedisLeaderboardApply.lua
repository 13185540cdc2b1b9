-- Applies one batch to the Redis leaderboard and moves its checkpoint, atomically (a script runs alone in Redis:
-- no other command sees half of it), and only if the checkpoint is where the projector left it (compare-and-set).
-- Run twice with the same expected position, the second run changes nothing: that is the idempotence a projector
-- killed between "script ran" and "projector knows" relies on.
--
-- KEYS[1] checkpoint hash (position, applied, parked)   KEYS[2] enrollment views hash   KEYS[3] dead letters hash
-- KEYS[4..] the leaderboards (sorted sets) the batch touches
-- ARGV[1] expected position   ARGV[2] new position   ARGV[3] events applied   ARGV[4] events parked   ARGV[5] channel
-- ARGV[6..] operations, four values each: kind ('set' | 'score' | 'remove'), key index, field or member, value
local stored = tonumber(redis.call('HGET', KEYS[1], 'position') or '0')
if stored ~= tonumber(ARGV[1]) then
    return {0, stored}
end

for i = 6, #ARGV, 4 do
    local kind, key, field, value = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3]
    if kind == 'set' then
        redis.call('HSET', key, field, value)
    elseif kind == 'score' then
        redis.call('ZADD', key, value, field)
    elseif kind == 'remove' then
        redis.call('ZREM', key, field)
    else
        return redis.error_reply('unknown operation ' .. kind)
    end
end

redis.call('HSET', KEYS[1], 'position', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'applied', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'parked', ARGV[4])
-- Wakes read-your-own-writes waiters; delivered after the script, like NOTIFY at COMMIT.
redis.call('PUBLISH', ARGV[5], ARGV[2])
return {1, tonumber(ARGV[2])}
