// The specification's own JavaScript tests (its section 7.2), verbatim. Only the import path
// differs: the spec imports `./sync-registry` beside the test; this suite imports the package's
// source. They run against the real SyncRegistry, through its compatibility surface
// (`pendingReloads`, `scheduleReload()`, `performReload`, `subscriptions`).
import { describe, it, expect, beforeEach, vi } from 'vitest';
import { SyncRegistry } from '../../src/index.js';

describe('SyncRegistry', () => {
  let registry;
  
  beforeEach(() => {
    registry = new SyncRegistry();
    vi.useFakeTimers();
  });
  
  it('debounces reloads', () => {
    const reloadSpy = vi.spyOn(registry, 'performReload');
    
    registry.pendingReloads.add('accounts');
    registry.scheduleReload();
    
    registry.pendingReloads.add('selected_account');
    registry.scheduleReload();
    
    // Should not reload immediately
    expect(reloadSpy).not.toHaveBeenCalled();
    
    // Fast-forward time
    vi.advanceTimersByTime(300);
    
    // Should reload once with both props
    expect(reloadSpy).toHaveBeenCalledOnce();
  });
  
  it('manages subscriptions correctly', () => {
    registry.subscribe('Account:123', 'account');
    registry.subscribe('Account:123', 'selected_account');
    
    expect(registry.subscriptions.get('Account:123').size).toBe(2);
    
    registry.unsubscribe('Account:123', 'account');
    expect(registry.subscriptions.get('Account:123').size).toBe(1);
    
    registry.unsubscribe('Account:123', 'selected_account');
    expect(registry.subscriptions.has('Account:123')).toBe(false);
  });
});
