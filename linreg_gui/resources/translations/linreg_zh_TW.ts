<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>AnimationExport</name>
    <message>
        <source>Whole window</source>
        <translation>整個視窗</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>匯出動畫</translation>
    </message>
    <message>
        <source>The animation was not exported</source>
        <translation>動畫沒有匯出</translation>
    </message>
    <message>
        <source>Export Animation</source>
        <translation>匯出動畫</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>錄製中…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Animation export cancelled</source>
        <translation>已取消匯出動畫</translation>
    </message>
    <message>
        <source>a setting is invalid; correct it first</source>
        <translation>有設定不正確，請先修正</translation>
    </message>
    <message>
        <source>Recording step {frame} of {total}…</source>
        <translation>錄製第 {frame} 步，共 {total} 步…</translation>
    </message>
    <message>
        <source>Writing the file…</source>
        <translation>正在寫入檔案…</translation>
    </message>
    <message>
        <source>Animation ({frames} frames) exported to {path}</source>
        <translation>動畫（{frames} 格）已匯出到 {path}</translation>
    </message>
</context>
<context>
    <name>BatchTable</name>
    <message>
        <source>index</source>
        <translation>索引</translation>
    </message>
</context>
<context>
    <name>CodePane</name>
    <message>
        <source>forward: the model predicts ŷ = Xw + b for the minibatch</source>
        <translation>forward：模型對小批量算出預測 ŷ = Xw + b</translation>
    </message>
    <message>
        <source>loss: the squared error of ŷ against y on the minibatch</source>
        <translation>loss：小批量上 ŷ 與 y 的平方誤差</translation>
    </message>
    <message>
        <source>zero_grad: clear what the last step left in w.grad and b.grad</source>
        <translation>zero_grad：把上一步留在 w.grad 和 b.grad 的梯度歸 0</translation>
    </message>
    <message>
        <source>backward: autograd fills w.grad and b.grad</source>
        <translation>backward：自動微分算出梯度，填進 w.grad 和 b.grad</translation>
    </message>
    <message>
        <source>update: step against the gradient, θ ← θ − lr · grad</source>
        <translation>update：沿梯度反方向更新參數，θ ← θ − lr · grad</translation>
    </message>
    <message>
        <source>between steps</source>
        <translation>兩步之間</translation>
    </message>
</context>
<context>
    <name>ControlsPanel</name>
    <message>
        <source>Data  y = Xw + b + ε</source>
        <translation>資料  y = Xw + b + ε</translation>
    </message>
    <message>
        <source>n</source>
        <translation>樣本數 n</translation>
    </message>
    <message>
        <source>Number of examples n (1 … 1,000,000)</source>
        <translation>樣本數 n（1 … 1,000,000）</translation>
    </message>
    <message>
        <source>features p</source>
        <translation>特徵數 p</translation>
    </message>
    <message>
        <source>Number of features p (1 … 10)</source>
        <translation>特徵數 p（1 … 10）</translation>
    </message>
    <message>
        <source>true w</source>
        <translation>真實權重 w</translation>
    </message>
    <message>
        <source>true b</source>
        <translation>真實偏差 b</translation>
    </message>
    <message>
        <source>True bias b</source>
        <translation>偏差 b 的真值</translation>
    </message>
    <message>
        <source>noise σ</source>
        <translation>雜訊 σ</translation>
    </message>
    <message>
        <source>Noise standard deviation σ (ε ~ N(0, σ²))</source>
        <translation>雜訊的標準差 σ（ε ~ N(0, σ²)）</translation>
    </message>
    <message>
        <source>data seed</source>
        <translation>資料種子</translation>
    </message>
    <message>
        <source>Seed of the data: same seed, same data</source>
        <translation>產生資料的亂數種子：種子相同，資料就相同</translation>
    </message>
    <message>
        <source>store sorted by y</source>
        <translation>依 y 排序存放</translation>
    </message>
    <message>
        <source>Examples in increasing y: with shuffle off, every batch is unrepresentative</source>
        <translation>樣本依 y 由小到大排列：不打亂時，每個小批量都不具代表性</translation>
    </message>
    <message>
        <source>outlier y₅ =</source>
        <translation>離群值 y₅ =</translation>
    </message>
    <message>
        <source>Replace the fifth label by this value: squared error lets one point drag the line</source>
        <translation>把第五個標籤換成這個值：平方誤差讓單一個點就能把直線拉走</translation>
    </message>
    <message>
        <source>The value that replaces y₅</source>
        <translation>取代 y₅ 的值</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新產生資料</translation>
    </message>
    <message>
        <source>Draw a new data set with these settings (restarts training)</source>
        <translation>用這些設定產生新的資料集（訓練重新開始）</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>From scratch</source>
        <translation>從零開始</translation>
    </message>
    <message>
        <source>The note&apos;s hand-written iterator, model, MSE and SGD</source>
        <translation>講義自己寫的迭代器、模型、MSE 與 SGD</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>內建</translation>
    </message>
    <message>
        <source>DataLoader, nn.Linear, nn.MSELoss and torch.optim.SGD</source>
        <translation>DataLoader、nn.Linear、nn.MSELoss 與 torch.optim.SGD</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>Learning rate: arrows walk 1-2-5 steps; applies from the next step</source>
        <translation>學習率：箭頭依 1-2-5 的級距調整；從下一步起生效</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>小批量大小</translation>
    </message>
    <message>
        <source>Minibatch size; applies next epoch</source>
        <translation>小批量大小；從下一個迭代週期起生效</translation>
    </message>
    <message>
        <source>init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>note: w ~ N(0, 0.01²), b = 0; pytorch-default: nn.Linear&apos;s U(±1/√p). On Reset</source>
        <translation>講義：w ~ N(0, 0.01²)，b = 0；PyTorch 預設：nn.Linear 的 U(±1/√p)。按「重設」時生效</translation>
    </message>
    <message>
        <source>reduction</source>
        <translation>損失彙總</translation>
    </message>
    <message>
        <source>How the batch loss adds up the squared errors; applies from the next step</source>
        <translation>小批量損失如何彙總平方誤差（mean 平均、sum 加總）；從下一步起生效</translation>
    </message>
    <message>
        <source>train seed</source>
        <translation>訓練種子</translation>
    </message>
    <message>
        <source>Seed of initial parameters and batch order</source>
        <translation>初始參數與小批量順序的亂數種子</translation>
    </message>
    <message>
        <source>note</source>
        <translation>講義 (note)</translation>
    </message>
    <message>
        <source>pytorch-default</source>
        <translation>PyTorch 預設</translation>
    </message>
    <message>
        <source>zero</source>
        <translation>全為零</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均 (mean)</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>加總 (sum)</translation>
    </message>
    <message>
        <source>shuffle every epoch</source>
        <translation>每個迭代週期打亂順序</translation>
    </message>
    <message>
        <source>Shuffle the batch order; applies from the next epoch</source>
        <translation>打亂小批量的順序；從下一個迭代週期起生效</translation>
    </message>
    <message>
        <source>zero_grad before backward</source>
        <translation>backward 之前先 zero_grad</translation>
    </message>
    <message>
        <source>Off: gradients accumulate across steps, the bug the note warns about</source>
        <translation>關閉時梯度會一步步累加，就是講義提醒的錯誤</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>預設情境…</translation>
    </message>
    <message>
        <source>Set data and training in one click: the note&apos;s setup and its classic mistakes</source>
        <translation>一鍵設定資料與訓練：講義的設定和常見的錯誤</translation>
    </message>
    <message>
        <source>zero_grad is off: backward() adds each new gradient to the one already in w.grad, so every update uses the sum of all gradients so far (the note&apos;s warning).</source>
        <translation>zero_grad 已關閉：backward() 會把新的梯度「累加」到 w.grad 裡原有的梯度上，所以每次更新用的都是到目前為止所有梯度的總和（講義的提醒）。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>執行</translation>
    </message>
    <message>
        <source>Step Batch</source>
        <translation>走一個小批量</translation>
    </message>
    <message>
        <source>One minibatch update (Space)</source>
        <translation>用一個小批量更新一次參數（空白鍵）</translation>
    </message>
    <message>
        <source>Run Epoch</source>
        <translation>跑完迭代週期</translation>
    </message>
    <message>
        <source>Train to the end of this epoch (E)</source>
        <translation>訓練到這個迭代週期結束（E）</translation>
    </message>
    <message>
        <source>Train continuously until paused (R)</source>
        <translation>持續訓練，直到按下暫停（R）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重設</translation>
    </message>
    <message>
        <source>Back to the initial parameters (Ctrl+R)</source>
        <translation>回到初始參數（Ctrl+R）</translation>
    </message>
    <message>
        <source>Step Phase</source>
        <translation>走一個階段</translation>
    </message>
    <message>
        <source>One phase of a step: forward, loss, zero_grad, backward, update (P)</source>
        <translation>一步中的一個階段：forward、loss、zero_grad、backward、update（P）</translation>
    </message>
    <message>
        <source>Step Back</source>
        <translation>退回一步</translation>
    </message>
    <message>
        <source>Undo the last step exactly (Backspace)</source>
        <translation>精確地復原上一步（Backspace）</translation>
    </message>
    <message>
        <source>Compare both</source>
        <translation>兩種實作並排比較</translation>
    </message>
    <message>
        <source>Train from-scratch and built-in side by side on the same batches</source>
        <translation>用相同的小批量，並排訓練從零開始與內建兩種實作</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Training speed, from 1 step per second to as fast as possible</source>
        <translation>訓練速度：從每秒 1 步到全速</translation>
    </message>
    <message>
        <source>batch %v of %m</source>
        <translation>小批量 %v / %m</translation>
    </message>
    <message>
        <source>Progress through the current epoch</source>
        <translation>目前迭代週期的進度</translation>
    </message>
    <message>
        <source>True weight w{index}</source>
        <translation>權重 w{index} 的真值</translation>
    </message>
    <message>
        <source>max</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>{speed} steps/s</source>
        <translation>每秒 {speed} 步</translation>
    </message>
    <message>
        <source>effective lr: {lr}</source>
        <translation>有效學習率：{lr}</translation>
    </message>
    <message>
        <source>stable for lr &lt; {limit} ({rule})</source>
        <translation>學習率 &lt; {limit} 時穩定（{rule}）</translation>
    </message>
    <message>
        <source>this learning rate will diverge</source>
        <translation>這個學習率會發散</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Feature on the horizontal axis; the others are held at their means</source>
        <translation>橫軸的特徵；其他特徵固定在平均值</translation>
    </message>
    <message>
        <source>Feature:</source>
        <translation>特徵：</translation>
    </message>
    <message>
        <source>true line</source>
        <translation>真實直線</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>current batch</source>
        <translation>目前的小批量</translation>
    </message>
    <message>
        <source>Data: y against {feature}</source>
        <translation>資料：y 對 {feature}</translation>
    </message>
</context>
<context>
    <name>ExportAnimationDialog</name>
    <message>
        <source>Export Animation</source>
        <translation>匯出動畫</translation>
    </message>
    <message>
        <source>The next steps:</source>
        <translation>接下來的步數：</translation>
    </message>
    <message>
        <source>Trains on from here, one step per frame, and records what the window shows</source>
        <translation>從這裡繼續訓練，每一步一格，錄下視窗顯示的內容</translation>
    </message>
    <message>
        <source>The run so far, replayed ({steps} steps)</source>
        <translation>重播到目前為止的訓練（{steps} 步）</translation>
    </message>
    <message>
        <source>Replays the run from its start, off screen, with the current settings and seeds: the same run, if no setting was changed along the way. The window is left as it is.</source>
        <translation>在畫面外，以目前的設定和種子從頭重播這次訓練：途中沒有改過設定，就是同一次訓練。視窗保持原樣。</translation>
    </message>
    <message>
        <source>MP4 needs ffmpeg, which was not found on this computer (PATH).</source>
        <translation>MP4 需要 ffmpeg，這台電腦上找不到（PATH）。</translation>
    </message>
    <message>
        <source>Record:</source>
        <translation>錄製：</translation>
    </message>
    <message>
        <source>Showing:</source>
        <translation>畫面：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Frames per second:</source>
        <translation>每秒格數：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Record…</source>
        <translation>錄製…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{frames} frames, one per step: {seconds} s</source>
        <translation>{frames} 格，每步一格：{seconds} 秒</translation>
    </message>
</context>
<context>
    <name>FileMenu</name>
    <message>
        <source>The file was not used</source>
        <translation>沒有使用這個檔案</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Experiment…</source>
        <translation>開啟實驗(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save Experiment…</source>
        <translation>儲存實驗(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Load Model…</source>
        <translation>載入模型(&amp;L)…</translation>
    </message>
    <message>
        <source>Save &amp;Model…</source>
        <translation>儲存模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Export Training &amp;Log (CSV)…</source>
        <translation>匯出訓練紀錄 CSV(&amp;L)…</translation>
    </message>
    <message>
        <source>Export &amp;Figure (PNG/SVG)…</source>
        <translation>匯出圖(&amp;F) PNG/SVG…</translation>
    </message>
    <message>
        <source>Export &amp;Animation (GIF/WebP/MP4)…</source>
        <translation>匯出動畫(&amp;A) GIF/WebP/MP4…</translation>
    </message>
    <message>
        <source>&amp;Restore Default Settings</source>
        <translation>還原預設設定(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>Export &amp;Panel</source>
        <translation>匯出面板(&amp;P)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>資料</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>參數</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>損失地形</translation>
    </message>
    <message>
        <source>Experiments (*.json)</source>
        <translation>實驗 (*.json)</translation>
    </message>
    <message>
        <source>Models (*.pt)</source>
        <translation>模型 (*.pt)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 圖片 (*.png);;SVG 向量圖 (*.svg)</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}：{text}</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>開啟實驗</translation>
    </message>
    <message>
        <source>This experiment cannot be opened</source>
        <translation>無法開啟這個實驗</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>已開啟 {path}</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>儲存實驗</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}</source>
        <translation>無法寫入 {path}：{reason}</translation>
    </message>
    <message>
        <source>The experiment was not saved</source>
        <translation>實驗沒有儲存</translation>
    </message>
    <message>
        <source>Experiment saved to {path}</source>
        <translation>實驗已儲存到 {path}</translation>
    </message>
    <message>
        <source>Load model</source>
        <translation>載入模型</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>儲存模型</translation>
    </message>
    <message>
        <source>Export training log</source>
        <translation>匯出訓練紀錄</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 檔 (*.csv)</translation>
    </message>
    <message>
        <source>Export the {panel} panel</source>
        <translation>匯出「{panel}」面板</translation>
    </message>
    <message>
        <source>The figure was not exported</source>
        <translation>圖沒有匯出</translation>
    </message>
    <message>
        <source>{panel} panel exported to {path}</source>
        <translation>「{panel}」面板已匯出到 {path}</translation>
    </message>
    <message>
        <source>Export window</source>
        <translation>匯出視窗</translation>
    </message>
    <message>
        <source>Cannot write {path}</source>
        <translation>無法寫入 {path}</translation>
    </message>
    <message>
        <source>Window exported to {path}</source>
        <translation>視窗已匯出到 {path}</translation>
    </message>
</context>
<context>
    <name>GradsPanel</name>
    <message>
        <source>Gradients of the batch loss</source>
        <translation>小批量損失的梯度</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Gradients over steps</source>
        <translation>梯度隨步數的變化</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步數</translation>
    </message>
    <message>
        <source>accumulated (.grad)</source>
        <translation>累積的 (.grad)</translation>
    </message>
    <message>
        <source>fresh (with zero_grad)</source>
        <translation>本步的 (有 zero_grad)</translation>
    </message>
    <message>
        <source>‖gradient‖ per step</source>
        <translation>每步的 ‖梯度‖</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>horizontal:</source>
        <translation>橫軸：</translation>
    </message>
    <message>
        <source>vertical:</source>
        <translation>縱軸：</translation>
    </message>
    <message>
        <source>Which two parameters span the map; the others stay at their current values</source>
        <translation>用哪兩個參數畫圖；其他參數固定在目前的值</translation>
    </message>
    <message>
        <source>SGD path</source>
        <translation>SGD 路徑</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真值</translation>
    </message>
    <message>
        <source>least squares</source>
        <translation>最小平方解</translation>
    </message>
    <message>
        <source>−minibatch gradient</source>
        <translation>−小批量梯度</translation>
    </message>
    <message>
        <source>−full gradient</source>
        <translation>−全資料梯度</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>損失地形</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>LossPanel</name>
    <message>
        <source>batch loss</source>
        <translation>小批量損失</translation>
    </message>
    <message>
        <source>full-data loss</source>
        <translation>全資料損失</translation>
    </message>
    <message>
        <source>previous run</source>
        <translation>上一次訓練</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步數</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>損失（對數刻度）</translation>
    </message>
    <message>
        <source>from scratch</source>
        <translation>從零開始</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>內建</translation>
    </message>
    <message>
        <source>{impl} (compare)</source>
        <translation>{impl}（比較）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Invalid setting: {error}</source>
        <translation>設定無效：{error}</translation>
    </message>
    <message>
        <source>Settings restored to their defaults</source>
        <translation>設定已還原為預設值</translation>
    </message>
    <message>
        <source>Invalid data setting: {error}</source>
        <translation>資料設定無效：{error}</translation>
    </message>
    <message>
        <source>Preset “{name}”: {hint}</source>
        <translation>預設情境「{name}」：{hint}</translation>
    </message>
    <message>
        <source>From scratch</source>
        <translation>從零開始</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>內建</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the loss is no longer a finite number.

The learning rate {lr} is too large for this data. Press Reset, then try a smaller one (for example {smaller}).</source>
        <translation>訓練在第 {step} 步發散：損失已不再是有限的數值。

對這份資料來說，學習率 {lr} 太大了。請按「重設」，再試一個較小的學習率（例如 {smaller}）。</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>訓練發散</translation>
    </message>
    <message>
        <source>Diverged at step {step}: try a smaller learning rate</source>
        <translation>在第 {step} 步發散：請試較小的學習率</translation>
    </message>
    <message>
        <source>Training stopped: {message}</source>
        <translation>訓練已停止：{message}</translation>
    </message>
    <message>
        <source>Training stopped because of an error:

{message}

Press Reset to go on.</source>
        <translation>訓練因錯誤而停止：

{message}

請按「重設」繼續。</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>訓練已停止</translation>
    </message>
    <message>
        <source>Training recovered</source>
        <translation>訓練已復原</translation>
    </message>
    <message>
        <source>{rate} steps/s</source>
        <translation>每秒 {rate} 步</translation>
    </message>
    <message>
        <source>from scratch</source>
        <translation>從零開始</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>內建</translation>
    </message>
    <message>
        <source>{impl}   epoch {epoch}   batch {batch} of {batches}   step {step}</source>
        <translation>{impl}   迭代週期 {epoch}   小批量 {batch} / {batches}   第 {step} 步</translation>
    </message>
    <message>
        <source>Linear Regression Lab</source>
        <translation>線性回歸實驗室</translation>
    </message>
    <message>
        <source>Set-up</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Show or hide the set-up panel: data, initialisation, seeds, batch size</source>
        <translation>顯示或隱藏設定面板：資料、初始化、種子、小批量大小</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>執行</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>Current batch (X, y)</source>
        <translation>目前的小批量 (X, y)</translation>
    </message>
    <message>
        <source>Loading the trainer (torch)…</source>
        <translation>正在載入訓練程式 (torch)…</translation>
    </message>
</context>
<context>
    <name>ParamsPanel</name>
    <message>
        <source>Parameters</source>
        <translation>參數</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步數</translation>
    </message>
    <message>
        <source>value</source>
        <translation>數值</translation>
    </message>
</context>
<context>
    <name>ReadoutPanel</name>
    <message>
        <source>epoch</source>
        <translation>迭代週期</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>小批量</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步數</translation>
    </message>
    <message>
        <source>batch loss</source>
        <translation>小批量損失</translation>
    </message>
    <message>
        <source>full-data loss</source>
        <translation>全資料損失</translation>
    </message>
    <message>
        <source>{batch} of {count}</source>
        <translation>{batch} / {count}</translation>
    </message>
    <message>
        <source>Diverged at step {step}</source>
        <translation>在第 {step} 步發散</translation>
    </message>
</context>
<context>
    <name>ReferenceLabel</name>
    <message>
        <source>The closed-form least-squares solution of [X, 1]θ ≈ y: the noise floor of any training</source>
        <translation>[X, 1]θ ≈ y 的最小平方解析解：任何訓練都無法低於的雜訊下限</translation>
    </message>
    <message>
        <source>&lt;b&gt;least squares&lt;/b&gt;: w = [{w}], b = {b}</source>
        <translation>&lt;b&gt;最小平方解&lt;/b&gt;：w = [{w}]，b = {b}</translation>
    </message>
    <message>
        <source>gap to least squares: Σ(w − w_LS)² = {w}, (b − b_LS)² = {b}</source>
        <translation>與最小平方解的差距：Σ(w − w_LS)² = {w}，(b − b_LS)² = {b}</translation>
    </message>
    <message>
        <source>gap to the truth: {w}, {b}</source>
        <translation>與真值的差距：{w}，{b}</translation>
    </message>
    <message>
        <source>from scratch</source>
        <translation>從零開始</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>內建</translation>
    </message>
    <message>
        <source>&lt;b&gt;compare&lt;/b&gt; with {impl}: max |Δw| = {dw}, max |Δb| = {db}</source>
        <translation>&lt;b&gt;比較&lt;/b&gt;{impl}：max |Δw| = {dw}，max |Δb| = {db}</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <source>Data</source>
        <translation>資料</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>參數</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>損失地形</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>程式碼</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>數值</translation>
    </message>
    <message>
        <source>One step</source>
        <translation>一步</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全覽</translation>
    </message>
    <message>
        <source>Back to the scene (Esc)</source>
        <translation>回到場景（Esc）</translation>
    </message>
    <message>
        <source>Maximise this panel (double-click its title, or M)</source>
        <translation>放大這個面板（雙擊標題，或按 M）</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>The training process stopped unexpectedly (exit code {code}). A new one has recovered the run at step {step}.</source>
        <translation>訓練程序意外停止（結束代碼 {code}），新的訓練程序已在第 {step} 步接續原來的訓練。</translation>
    </message>
    <message>
        <source>The training process could not start (exit code {code}).</source>
        <translation>訓練程序無法啟動（結束代碼 {code}）。</translation>
    </message>
    <message>
        <source>Model saved to {path}</source>
        <translation>模型已儲存到 {path}</translation>
    </message>
    <message>
        <source>Model loaded from {path}: training continues from its parameters</source>
        <translation>已從 {path} 載入模型：訓練從它的參數繼續</translation>
    </message>
    <message>
        <source>Training log ({steps} steps) exported to {path}</source>
        <translation>訓練紀錄（{steps} 步）已匯出到 {path}</translation>
    </message>
    <message>
        <source>The trainer is still loading; try again in a moment.</source>
        <translation>訓練程式還在載入中，請稍後再試。</translation>
    </message>
</context>
<context>
    <name>ViewMenu</name>
    <message>
        <source>Step Batch</source>
        <translation>走一個小批量</translation>
    </message>
    <message>
        <source>Run Epoch</source>
        <translation>跑完迭代週期</translation>
    </message>
    <message>
        <source>Run / Pause</source>
        <translation>執行／暫停</translation>
    </message>
    <message>
        <source>Step Phase</source>
        <translation>走一個階段</translation>
    </message>
    <message>
        <source>Step Back</source>
        <translation>退回一步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重設</translation>
    </message>
    <message>
        <source>Scenes: data, one step, loss, everything</source>
        <translation>場景：資料、一步、損失、全覽</translation>
    </message>
    <message>
        <source>Maximise the panel under the pointer</source>
        <translation>放大指標下的面板</translation>
    </message>
    <message>
        <source>Back to the scene</source>
        <translation>回到場景</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Lecture Mode (full screen, large text)</source>
        <translation>上課模式(&amp;L)（全螢幕、大字）</translation>
    </message>
    <message>
        <source>Font &amp;Scale</source>
        <translation>字型大小(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主題(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>淺色(&amp;L)</translation>
    </message>
    <message>
        <source>High-contrast &amp;dark</source>
        <translation>高對比深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>鍵盤快捷鍵(&amp;K)</translation>
    </message>
    <message>
        <source>S&amp;cene</source>
        <translation>場景(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Maximise Panel Under the Pointer</source>
        <translation>放大指標下的面板(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Back to the Scene</source>
        <translation>回到場景(&amp;B)</translation>
    </message>
</context>
<context>
    <name>_ShortcutOverlay</name>
    <message>
        <source>Lecture mode</source>
        <translation>上課模式</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>這份清單</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>鍵盤快捷鍵</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong</source>
        <translation>發生錯誤</translation>
    </message>
    <message>
        <source>The window keeps working; the details are in the log.</source>
        <translation>視窗仍可繼續使用；詳細資訊記錄在日誌中。</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <source>diverged</source>
        <translation>發散</translation>
    </message>
</context>
<context>
    <name>presets</name>
    <message>
        <source>The note&apos;s defaults</source>
        <translation>講義的預設設定</translation>
    </message>
    <message>
        <source>n=1000, w=[2, −3.4], b=4.2, lr 0.03, batch 10</source>
        <translation>n=1000，w=[2, −3.4]，b=4.2，學習率 0.03，小批量 10</translation>
    </message>
    <message>
        <source>Learning rate too large</source>
        <translation>學習率太大</translation>
    </message>
    <message>
        <source>lr 3 is beyond 2/λ_max: the loss explodes within a few steps</source>
        <translation>學習率 3 超過 2/λ_max：幾步之內損失就爆掉</translation>
    </message>
    <message>
        <source>Tiny learning rate</source>
        <translation>學習率極小</translation>
    </message>
    <message>
        <source>lr 0.0005: the loss crawls down</source>
        <translation>學習率 0.0005：損失下降得非常慢</translation>
    </message>
    <message>
        <source>Full batch (B = n)</source>
        <translation>全批量 (B = n)</translation>
    </message>
    <message>
        <source>gradient descent: one smooth step per epoch</source>
        <translation>梯度下降：每個迭代週期平穩地走一步</translation>
    </message>
    <message>
        <source>Pure SGD (B = 1)</source>
        <translation>純 SGD (B = 1)</translation>
    </message>
    <message>
        <source>one example per step: a noisy path</source>
        <translation>每步只用一個樣本：路徑充滿雜訊</translation>
    </message>
    <message>
        <source>Unshuffled sorted data</source>
        <translation>未打亂的排序資料</translation>
    </message>
    <message>
        <source>batches in order of y: the loss zig-zags</source>
        <translation>小批量依 y 的順序：損失曲線上下鋸齒</translation>
    </message>
    <message>
        <source>Zero initialisation</source>
        <translation>零初始化</translation>
    </message>
    <message>
        <source>w = 0, b = 0: fine for a linear model</source>
        <translation>w = 0、b = 0：對線性模型沒問題</translation>
    </message>
    <message>
        <source>Forgotten zero_grad</source>
        <translation>忘了 zero_grad</translation>
    </message>
    <message>
        <source>gradients pile up: backward() adds, it does not replace</source>
        <translation>梯度越積越多：backward() 是累加，不是取代</translation>
    </message>
    <message>
        <source>One outlier (y₅ = 10,000)</source>
        <translation>一個離群值 (y₅ = 10,000)</translation>
    </message>
    <message>
        <source>squared error lets one point drag the line</source>
        <translation>平方誤差讓單一個點就能把直線拉走</translation>
    </message>
    <message>
        <source>Sum reduction, mean&apos;s lr</source>
        <translation>sum 彙總配 mean 的學習率</translation>
    </message>
    <message>
        <source>sum makes each step B = 10 times larger than mean</source>
        <translation>sum 讓每一步比 mean 大 B = 10 倍</translation>
    </message>
</context>
</TS>
