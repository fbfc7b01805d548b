// Sends product events to Tandem with Segment's own Node library, configured as a customer would:
// only the host and path change. TANDEM_URL and WRITE_KEY come from ProductEventsTest.
import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({
  writeKey: process.env.WRITE_KEY,
  host: process.env.TANDEM_URL,
  path: '/api/v1/events/batch',
  flushAt: 20,
  maxRetries: 2,
});
const failures = [];
analytics.on('error', (err) => failures.push(String(err && (err.reason || err.message || err))));
analytics.on('http_response', (res) => { if (res.status !== 200) failures.push('HTTP ' + res.status); });

analytics.identify({ userId: 'node-user-1', traits: { email: 'nina@node.test' } });
analytics.group({ userId: 'node-user-1', groupId: process.env.GROUP_ID, timestamp: new Date('2025-06-01T09:00:00Z') });
analytics.track({ userId: 'node-user-1', event: 'Report Exported', timestamp: new Date('2025-06-02T10:00:00Z'), messageId: 'node-msg-1' });
analytics.track({ userId: 'node-user-1', event: 'Report Exported', timestamp: new Date('2025-06-01T10:00:00Z'), messageId: 'node-msg-1' });
analytics.track({ anonymousId: 'anon-7', event: 'Dashboard Shared', context: { groupId: process.env.GROUP_ID },
  timestamp: new Date('2025-06-03T10:00:00Z') });
await analytics.closeAndFlush({ timeout: 20000 });
if (failures.length > 0) {
  console.error('failures: ' + failures.join('; '));
  process.exit(1);
}
console.log('sent');
